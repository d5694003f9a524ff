using Microsoft.Extensions.FileProviders;

namespace Hitl.Api.Hosting;

/// <summary>
/// Serves the web console (src/Hitl.Console, built into wwwroot by the .NET build) at <c>/</c>: hashed assets cached
/// for a year, <c>index.html</c> never cached, and every other page URL answered with <c>index.html</c> so links
/// such as <c>/conversations/{id}</c> open directly. Paths of the API (<c>/graphql</c>, <c>/health</c>) never fall back.
/// </summary>
public static class ConsoleHosting
{
    /// <summary>
    /// The console's pages: scripts, styles and connections only from this origin (the WebSocket included), no
    /// plugins, no base-URL tricks. Staff pages can't be framed by another site; the customer chat page can, as a
    /// widget is embedded in a company's own website.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'";

    private static readonly string[] ApiPrefixes = ["/graphql", "/health"];

    /// <summary>
    /// A published API (Docker, the local cluster) started from another directory finds the console beside its
    /// assembly; <c>dotnet run</c> and tests use the project's wwwroot under the content root (null: the default).
    /// </summary>
    public static string? PublishedWebRoot()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return !Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")) && File.Exists(Path.Combine(beside, "index.html"))
            ? beside
            : null;
    }

    /// <summary>Static files of the console, when they were built (a build with <c>-p:HitlBuildConsole=false</c> serves the API only).</summary>
    public static WebApplication UseHitlConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!HasConsole(app))
        {
            return app;
        }

        app.Use((context, next) =>
        {
            if (!IsApiPath(context.Request.Path))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/chat")
                    ? ContentSecurityPolicy
                    : ContentSecurityPolicy + "; frame-ancestors 'self'";
                if (!context.Request.Path.StartsWithSegments("/chat"))
                {
                    headers.XFrameOptions = "SAMEORIGIN";
                }
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>Answers page URLs with <c>index.html</c>; API paths and file-looking paths that don't exist stay 404.</summary>
    public static WebApplication MapHitlConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!HasConsole(app))
        {
            return app;
        }

        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        app.MapFallback("{*path:nonfile}", async context =>
        {
            if (IsApiPath(context.Request.Path) || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.ContentLength = index.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.SendFileAsync(index, context.RequestAborted);
            }
        });
        return app;
    }

    private static bool HasConsole(WebApplication app) =>
        app.Environment.WebRootFileProvider is not NullFileProvider && app.Environment.WebRootFileProvider.GetFileInfo("index.html").Exists;

    private static bool IsApiPath(PathString path) => ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
