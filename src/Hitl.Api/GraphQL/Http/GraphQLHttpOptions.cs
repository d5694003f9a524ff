namespace Hitl.Api.GraphQL.Http;

/// <summary>Options of <see cref="GraphQLHttpMiddleware"/>.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 64 KiB.</summary>
    public const int DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>
    /// Largest accepted POST body, in bytes. Enforced while reading (a missing or lying
    /// Content-Length does not help); larger bodies get HTTP 413. Default 64 KiB.
    /// </summary>
    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Whether queries may be sent with GET. Default <see langword="true"/>.</summary>
    public bool EnableGet { get; set; } = true;

    /// <summary>Largest accepted length, in characters, of the GET query string. Default 8192.</summary>
    public int MaxQueryStringLength { get; set; } = 8192;
}
