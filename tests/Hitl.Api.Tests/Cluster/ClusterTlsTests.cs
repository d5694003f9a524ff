using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hitl.Silo.Hosting;

namespace Hitl.Api.Tests.Cluster;

/// <summary>
/// The local cluster runs with <c>Hitl:Cluster:Tls</c> (HITL_CLUSTER_TLS=1): its gateways speak mutual TLS, accept the
/// cluster's certificate and refuse any other. Every other cluster test passes over these TLS connections.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class ClusterTlsTests(LocalClusterFixture cluster)
{
    [Fact]
    public async Task A_gateway_completes_a_TLS_handshake_with_the_cluster_certificate()
    {
        using var own = ClusterCertificate();
        await using var tls = await HandshakeAsync(own);
        Assert.True(tls.IsAuthenticated);
        Assert.True(tls.IsMutuallyAuthenticated);
        Assert.Equal(own.RawData, tls.RemoteCertificate!.GetRawCertData());
    }

    [Fact]
    public async Task A_gateway_refuses_a_client_whose_certificate_is_not_the_clusters()
    {
        using var stranger = SelfSigned("CN=hitl-cluster");
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var tls = await HandshakeAsync(stranger);

            // TLS 1.3 reports the server's refusal of the client certificate on the first read.
            var buffer = new byte[1];
            if (await tls.ReadAsync(buffer) == 0)
            {
                throw new IOException("closed by the gateway");
            }
        });
        Assert.True(refused is IOException or AuthenticationException, refused.ToString());
    }

    [Fact]
    public async Task A_gateway_does_not_speak_plain_TCP()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", int.Parse(cluster.Setting("GATEWAY1_PORT"), CultureInfo.InvariantCulture));
        var stream = tcp.GetStream();

        // An Orleans client's plain connection preamble: the gateway waits for a TLS ClientHello instead and hangs up.
        await stream.WriteAsync(new byte[] { 0, 0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 });
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int read;
        try
        {
            read = await stream.ReadAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
    }

    private X509Certificate2 ClusterCertificate() =>
        ClusterTls.LoadCertificate(new ClusterTlsOptions
        {
            Enabled = true,
            CertificatePath = Path.Combine(cluster.Directory, "tls", "cluster.pem"),
            KeyPath = Path.Combine(cluster.Directory, "tls", "cluster.key"),
        });

    private async Task<SslStream> HandshakeAsync(X509Certificate2 clientCertificate)
    {
        using var expected = ClusterCertificate();
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", int.Parse(cluster.Setting("GATEWAY1_PORT"), CultureInfo.InvariantCulture));
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "hitl-cluster",
                ClientCertificates = [clientCertificate],
                // The gateway must present the cluster's own (self-signed) certificate.
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null && server.GetRawCertData().AsSpan().SequenceEqual(expected.RawData),
            },
            timeout.Token);
        return tls;
    }

    internal static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
