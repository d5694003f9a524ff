using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hitl.Grains.Tenants;

/// <summary>
/// Tenant API keys: 256 random bits, shown once, stored only as a SHA-256 hash. A fast hash is
/// enough here because the key is random and long (no dictionary to guess from).
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "hitl_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }
}
