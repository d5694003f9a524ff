using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Hitl.Silo.Hosting;

/// <summary>
/// The <c>Hitl:Cluster:Tls</c> section: mutual TLS for silo-to-silo and client-to-gateway traffic
/// (Orleans' <c>Microsoft.Orleans.Connections.Security</c>). Every silo and every API in client mode
/// presents a certificate and requires one from the other side.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>Turns TLS on (default false: cluster traffic is meant for a private network, DESIGN.md section 8).</summary>
    public bool Enabled { get; set; }

    /// <summary>The certificate: a PEM file (with <see cref="KeyPath"/>, or with the key inside) or a PKCS#12 (.pfx/.p12) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key file, when the certificate file does not hold it.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 file or an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Accept a remote certificate that is byte-for-byte this process's own certificate even when no trusted
    /// authority issued it (default true): the usual shape for one cluster certificate shared by every silo
    /// and API, self-signed. Any other certificate must chain to a trusted authority.
    /// </summary>
    public bool TrustOwnCertificate { get; set; } = true;
}

/// <summary>Applies <see cref="ClusterTlsOptions"/> to a silo or a cluster client.</summary>
public static class ClusterTls
{
    public static ISiloBuilder UseHitlTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificate = LoadCertificate(options);
            silo.UseTls(certificate, tls => Configure(tls, certificate, options));
        }

        return silo;
    }

    public static IClientBuilder UseHitlTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificate = LoadCertificate(options);
            client.UseTls(certificate, tls => Configure(tls, certificate, options));
        }

        return client;
    }

    /// <summary>Loads the configured certificate with its private key; a clear start error when it is missing or unreadable.</summary>
    public static X509Certificate2 LoadCertificate(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"Hitl:Cluster:Tls:Enabled is true but Hitl:Cluster:Tls:CertificatePath ('{path}') is not a readable file.");
        }

        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, options.Password);
            }

            var keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? path : options.KeyPath;
            var pem = string.IsNullOrEmpty(options.Password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.Password, keyPath);

            // SslStream on Linux wants a certificate whose key is not ephemeral: round-trip it through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidOperationException($"Hitl:Cluster:Tls: the certificate '{path}' could not be loaded with its private key: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Mutual TLS: each side presents its certificate (<paramref name="own"/>) and requires a certificate that either chains to a
    /// trusted authority or (with <see cref="ClusterTlsOptions.TrustOwnCertificate"/>) is the cluster's own certificate.
    /// </summary>
    public static bool IsTrusted(X509Certificate2? remote, SslPolicyErrors errors, X509Certificate2 own, bool trustOwnCertificate)
    {
        ArgumentNullException.ThrowIfNull(own);
        if (remote is null)
        {
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A shared self-signed cluster certificate: the chain is untrusted, and the names may not match addresses.
        return trustOwnCertificate && remote.RawDataMemory.Span.SequenceEqual(own.RawDataMemory.Span);
    }

    private static void Configure(TlsOptions tls, X509Certificate2 certificate, ClusterTlsOptions options)
    {
        tls.LocalCertificate = certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, errors) => IsTrusted(remote, errors, certificate, options.TrustOwnCertificate);
    }
}
