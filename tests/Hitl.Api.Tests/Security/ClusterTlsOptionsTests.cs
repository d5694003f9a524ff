using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Hitl.Api.Tests.Cluster;
using Hitl.Silo.Hosting;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Loading the cluster certificate and deciding whom to trust (<c>Hitl:Cluster:Tls</c>). The handshakes themselves are
/// exercised against a running cluster in <see cref="ClusterTlsTests"/>.
/// </summary>
public sealed class ClusterTlsOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hitl-tls-").FullName;

    [Fact]
    public void A_PEM_certificate_and_key_load_with_the_private_key()
    {
        using var original = ClusterTlsTests.SelfSigned("CN=hitl-cluster");
        var (cert, key) = WritePem(original);

        using var loaded = ClusterTls.LoadCertificate(new ClusterTlsOptions { Enabled = true, CertificatePath = cert, KeyPath = key });

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(original.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void A_missing_certificate_is_a_clear_start_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ClusterTls.LoadCertificate(new ClusterTlsOptions { Enabled = true, CertificatePath = Path.Combine(_directory, "nope.pem") }));
        Assert.Contains("Hitl:Cluster:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_key_is_a_clear_start_error()
    {
        using var original = ClusterTlsTests.SelfSigned("CN=hitl-cluster");
        var (cert, _) = WritePem(original);
        var error = Assert.Throws<InvalidOperationException>(() =>
            ClusterTls.LoadCertificate(new ClusterTlsOptions { Enabled = true, CertificatePath = cert }));
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_clusters_own_certificate_or_a_trusted_chain_is_accepted()
    {
        using var own = ClusterTlsTests.SelfSigned("CN=hitl-cluster");
        using var sameBytes = X509CertificateLoader.LoadCertificate(own.RawData);
        using var stranger = ClusterTlsTests.SelfSigned("CN=hitl-cluster");
        const SslPolicyErrors untrusted = SslPolicyErrors.RemoteCertificateChainErrors;

        Assert.True(ClusterTls.IsTrusted(sameBytes, untrusted, own, trustOwnCertificate: true));
        Assert.False(ClusterTls.IsTrusted(stranger, untrusted, own, trustOwnCertificate: true));
        Assert.False(ClusterTls.IsTrusted(sameBytes, untrusted, own, trustOwnCertificate: false));
        Assert.False(ClusterTls.IsTrusted(null, SslPolicyErrors.None, own, trustOwnCertificate: true));
        Assert.True(ClusterTls.IsTrusted(stranger, SslPolicyErrors.None, own, trustOwnCertificate: true));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (string Cert, string Key) WritePem(X509Certificate2 certificate)
    {
        var cert = Path.Combine(_directory, "cluster.pem");
        var key = Path.Combine(_directory, "cluster.key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }
}
