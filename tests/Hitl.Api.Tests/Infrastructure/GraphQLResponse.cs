using System.Net;
using System.Text.Json;

namespace Hitl.Api.Tests.Infrastructure;

/// <summary>A GraphQL HTTP response: status, content type and the parsed body.</summary>
public sealed record GraphQLResponse(HttpStatusCode Status, string? ContentType, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public bool HasErrors => Body.TryGetProperty("errors", out var e) && e.GetArrayLength() > 0;

    /// <summary>The <c>extensions.code</c> of the first error.</summary>
    public string? ErrorCode => HasErrors && Body.GetProperty("errors")[0].TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c)
        ? c.GetString()
        : null;

    public string? ErrorMessage => HasErrors ? Body.GetProperty("errors")[0].GetProperty("message").GetString() : null;

    /// <summary>Asserts success and returns <c>data</c>.</summary>
    public JsonElement Ok()
    {
        Assert.True(Status == HttpStatusCode.OK && !HasErrors, $"Expected success, got {(int)Status}: {Body}");
        return Data;
    }

    /// <summary>Asserts exactly one error with <paramref name="code"/>.</summary>
    public void AssertError(string code)
    {
        Assert.True(HasErrors, $"Expected error {code}, got {Body}");
        Assert.Equal(code, ErrorCode);
        Assert.DoesNotContain("   at ", Body.ToString(), StringComparison.Ordinal);
    }
}
