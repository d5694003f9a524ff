using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Hitl.Api.GraphQL.Http;

/// <summary>Media types of GraphQL over HTTP and the Accept / Content-Type rules around them.</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Picks the response media type for an Accept header: <c>application/graphql-response+json</c>
    /// when the client names it (and does not rank <c>application/json</c> above it);
    /// <c>application/json</c> when named, when Accept is absent, or for <c>*/*</c>; otherwise
    /// whatever a wildcard still allows, or <see langword="null"/> (406).
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
            return Json;

        var graphQL = Quality(ranges, "application", "graphql-response+json");
        var json = Quality(ranges, "application", "json");

        if (graphQL is { Explicit: true, Value: > 0 } && graphQL.Value >= json.Value)
            return GraphQLResponseJson;
        if (json.Value > 0)
            return Json;
        if (graphQL.Value > 0)
            return GraphQLResponseJson;
        return null;
    }

    /// <summary>Whether a POST body's Content-Type is JSON in UTF-8 (no charset means UTF-8).</summary>
    public static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            return false;
        if (!parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            return false;
        var charset = parsed.Charset;
        return !charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public static string WithCharset(string mediaType) => mediaType + "; charset=utf-8";

    private static (double Value, bool Explicit) Quality(IList<MediaTypeHeaderValue> ranges, string type, string subtype)
    {
        // The most specific matching range decides (RFC 9110 §12.5.1).
        var best = -1;
        double quality = 0;
        foreach (var range in ranges)
        {
            int specificity;
            if (range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && range.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase))
                specificity = 2;
            else if (range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && range.SubType.Equals("*", StringComparison.Ordinal))
                specificity = 1;
            else if (range.MatchesAllTypes)
                specificity = 0;
            else
                continue;

            if (specificity > best)
            {
                best = specificity;
                quality = range.Quality ?? 1.0;
            }
        }

        return (quality, best == 2);
    }

    /// <summary>The response Content-Type to use when the request has not been negotiated yet.</summary>
    public static string Fallback(HttpRequest request) => Negotiate(request.Headers.Accept) ?? Json;
}
