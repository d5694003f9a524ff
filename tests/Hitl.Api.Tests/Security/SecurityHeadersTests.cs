using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Security;

/// <summary>Every answer tells browsers not to sniff types and not to pass the page address on.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecurityHeadersTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/graphql?query=%7B__typename%7D")]
    [InlineData("/no-such-page")]
    public async Task Responses_carry_nosniff_and_no_referrer(string path)
    {
        using var response = await api.Client.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
