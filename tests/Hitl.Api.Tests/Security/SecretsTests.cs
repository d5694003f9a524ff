using Hitl.Api.Hosting;
using Hitl.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hitl.Api.Tests.Security;

/// <summary>Weak keys and endless lifetimes are refused at start; secrets are printed only by the start that made them; files are private.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("Hitl:OperatorKey", "short-operator-key", "Hitl:OperatorKey must be at least 32 bytes long")]
    [InlineData("Hitl:Jwt:SigningKey", "short-signing-key", "Hitl:Jwt:SigningKey must be at least 32 bytes long")]
    [InlineData("Hitl:Jwt:AccessTokenLifetime", "7.00:00:01", "Hitl:Jwt:AccessTokenLifetime must be more than zero and at most 7 days")]
    [InlineData("Hitl:Jwt:CustomerTokenLifetime", "30.00:00:00", "Hitl:Jwt:CustomerTokenLifetime must be more than zero and at most 7 days")]
    [InlineData("Hitl:Invites:Lifetime", "8.00:00:00", "Hitl:Invites:Lifetime must be more than zero and at most 7 days")]
    public async Task AWeakKey_OrATooLongLifetime_FailsTheStart_WithAClearMessage(string key, string value, string message)
    {
        var factory = new HitlApiFactory(settings: new Dictionary<string, string> { [key] = value });
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task ConfiguredSecrets_AreNeverPrinted()
    {
        var factory = new HitlApiFactory();
        try
        {
            var banner = Banner(factory);
            Assert.DoesNotContain(HitlApiFactory.OperatorKey, banner, StringComparison.Ordinal);
            Assert.DoesNotContain(HitlApiFactory.SigningKey, banner, StringComparison.Ordinal);
            Assert.DoesNotContain(HitlApiFactory.OperatorKey[..8], banner, StringComparison.Ordinal);
            Assert.Contains("Operator key:  (configured: Hitl:OperatorKey)", banner, StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task GeneratedSecrets_ArePrintedByTheFirstStartOnly_AndMaskedLater()
    {
        var first = new HitlApiFactory(configureSecrets: false);
        var data = first.DataDirectory;
        string operatorKey, demoKey;
        try
        {
            var banner = Banner(first);
            operatorKey = File.ReadAllText(Path.Combine(data, "operator.key")).Trim();
            demoKey = File.ReadAllText(Path.Combine(data, "demo-api.key")).Trim();
            Assert.Contains(operatorKey, banner, StringComparison.Ordinal);
            Assert.Contains(demoKey, banner, StringComparison.Ordinal);
            Assert.DoesNotContain(File.ReadAllText(Path.Combine(data, "jwt-signing.key")).Trim(), banner, StringComparison.Ordinal);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = new HitlApiFactory(data, configureSecrets: false);
        try
        {
            var banner = Banner(second);
            Assert.DoesNotContain(operatorKey, banner, StringComparison.Ordinal);
            Assert.DoesNotContain(demoKey, banner, StringComparison.Ordinal);
            Assert.Contains($"Operator key:  {operatorKey[..7]}…   (in {Path.Combine(data, "operator.key")})", banner, StringComparison.Ordinal);
            Assert.Contains($"Demo API key:  {demoKey[..9]}…   (in {Path.Combine(data, "demo-api.key")})", banner, StringComparison.Ordinal);
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }

    [Fact]
    public async Task TheDataDirectory_IsPrivate_AndAStartFixesAnOpenOne()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;
        const UnixFileMode Open = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

        var first = new HitlApiFactory(configureSecrets: false);
        var data = first.DataDirectory;
        try
        {
            _ = Banner(first);
            Assert.Equal(PrivateDirectory, File.GetUnixFileMode(data));
            var files = Directory.GetFiles(data);
            Assert.Contains(Path.Combine(data, "hitl.db"), files);
            Assert.Contains(Path.Combine(data, "operator.key"), files);
            Assert.Contains(Path.Combine(data, "jwt-signing.key"), files);
            Assert.Contains(Path.Combine(data, "demo-api.key"), files);
            foreach (var file in files)
            {
                Assert.Equal(Private, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A directory left open by an earlier version (or a careless copy): the next start closes it.
        File.SetUnixFileMode(data, Open);
        foreach (var file in Directory.GetFiles(data))
        {
            File.SetUnixFileMode(file, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var second = new HitlApiFactory(data, configureSecrets: false);
        try
        {
            _ = Banner(second);
            Assert.Equal(PrivateDirectory, File.GetUnixFileMode(data));
            foreach (var file in Directory.GetFiles(data))
            {
                Assert.Equal(Private, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }

    /// <summary>Starts the app and returns what its start printed.</summary>
    [Fact]
    public async Task EachEmbeddedStart_PrintsAFreshOneTimeAdminLinkForTheDemoTenant()
    {
        var first = new HitlApiFactory();
        var data = first.DataDirectory;
        string firstCode;
        try
        {
            firstCode = SignInCode(Banner(first));
            var client = new GraphQLClient(first.CreateClient());
            var redeemed = (await client.PostAsync(InviteTests.RedeemInvite, new { c = firstCode })).Ok().GetProperty("redeemInvite");
            Assert.Equal("ADMIN", redeemed.GetProperty("role").GetString());
            Assert.Equal(DemoSeeder.DemoTenant, redeemed.GetProperty("tenant").GetString());
            var expiresIn = DateTimeOffset.Parse(redeemed.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow;
            Assert.True(expiresIn > TimeSpan.Zero);
            (await client.PostAsync(InviteTests.RedeemInvite, new { c = firstCode })).AssertError("UNAUTHENTICATED");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = new HitlApiFactory(data);
        try
        {
            var secondCode = SignInCode(Banner(second));
            Assert.NotEqual(firstCode, secondCode);
            (await new GraphQLClient(second.CreateClient()).PostAsync(InviteTests.RedeemInvite, new { c = secondCode })).Ok();
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }

        var none = new HitlApiFactory(settings: new Dictionary<string, string> { ["Hitl:Invites:StartupLinkLifetime"] = "00:00:00" });
        try
        {
            Assert.DoesNotContain("/signin?code=", Banner(none), StringComparison.Ordinal);
        }
        finally
        {
            await none.DisposeAsync();
            none.DeleteData();
        }
    }

    private static string SignInCode(string banner)
    {
        var match = System.Text.RegularExpressions.Regex.Match(banner, @"Sign in:\s+\S+/signin\?code=(\S+)");
        Assert.True(match.Success, "No sign-in link in:\n" + banner);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    private static string Banner(HitlApiFactory factory)
    {
        using var http = factory.CreateClient();
        var banner = factory.Services.GetRequiredService<DemoSeeder>().Banner;
        Assert.NotNull(banner);
        return banner;
    }
}
