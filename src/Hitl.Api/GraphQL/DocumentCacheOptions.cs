namespace Hitl.Api.GraphQL;

/// <summary>Settings of the parsed-document cache (<c>Hitl:GraphQL</c>).</summary>
public sealed class DocumentCacheOptions
{
    public const string Section = "Hitl:GraphQL";

    /// <summary>
    /// Total length of the query texts whose parsed documents are kept (0 turns the cache off).
    /// A parsed document takes several times its text's size in memory.
    /// </summary>
    public int MaxQueryChars { get; set; } = 1_000_000;
}
