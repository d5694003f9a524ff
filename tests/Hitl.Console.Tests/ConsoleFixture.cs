using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Hitl.Console.Tests;

/// <summary>
/// A real Hitl.Api (embedded mode, Kestrel on a free port, a temporary data directory) serving the console that the
/// .NET build made, and a real Chromium driven by Playwright. Chromium is Debian's <c>chromium</c> (or
/// <c>HITL_CHROMIUM</c>); Playwright's own browser download is not used.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime, IDisposable
{
    public const string OperatorKey = "console-test-operator-key-long-enough-32";

    private readonly ConsoleApiFactory _factory = new();
    private IPlaywright? _playwright;

    public string BaseUrl => _factory.BaseUrl;

    public IBrowser Browser { get; private set; } = null!;

    public Api Api { get; private set; } = null!;

    /// <summary>Where screenshots of each page go (test artifacts, not committed).</summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("HITL_SCREENSHOTS") is { Length: > 0 } configured
        ? configured
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        _factory.StartServer();
        Api = new Api(new HttpClient { BaseAddress = new Uri(BaseUrl) }, OperatorKey);
        Directory.CreateDirectory(ScreenshotDirectory);

        // Assertions wait for what they expect (a live update, a server answer) up to this long; never a fixed sleep.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
        _factory.DeleteData();
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>A fresh browser context (its own sessionStorage: one person) at 1280x800 unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        PageErrors[page] = errors;
        return page;
    }

    /// <summary>Uncaught script errors per page: a test asserts there were none.</summary>
    public Dictionary<IPage, List<string>> PageErrors { get; } = [];

    private static string ChromiumPath()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("HITL_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
        return candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
            ?? throw new InvalidOperationException("The console tests need Chromium: apt-get install chromium (Debian), or set HITL_CHROMIUM to a Chrome/Chromium executable.");
    }

    /// <summary>Hitl.Api on Kestrel; a second factory on the same port and data directory is the same installation restarted.</summary>
    internal sealed class ConsoleApiFactory : WebApplicationFactory<Program>
    {
        private readonly int _port;

        public ConsoleApiFactory(int? port = null, string? dataDirectory = null)
        {
            _port = port ?? FreePort();
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "hitl-console-" + Guid.NewGuid().ToString("N"));
            UseKestrel(_port);
        }

        public int Port => _port;

        public string DataDirectory { get; }

        public string BaseUrl => $"http://localhost:{_port}";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Hitl:DataDirectory", DataDirectory);
            builder.UseSetting("Hitl:OperatorKey", OperatorKey);
            builder.UseSetting("Hitl:Jwt:SigningKey", "console-test-signing-key-long-enough-for-hs256");
            builder.UseSetting("Hitl:PublicBaseUrl", BaseUrl);
            builder.UseSetting("Hitl:Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Hitl:Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

            // One browser and one test client call from one address.
            builder.UseSetting("Hitl:RateLimits:Enabled", "false");
        }

        public void DeleteData()
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        internal static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
