using System.Buffers.Text;
using System.Security.Cryptography;

namespace Hitl.Grains.Common;

/// <summary>Random, URL-safe identifiers.</summary>
public static class Ids
{
    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url.EncodeToString(bytes);
    }
}
