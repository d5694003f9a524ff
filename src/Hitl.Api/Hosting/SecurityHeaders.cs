namespace Hitl.Api.Hosting;

/// <summary>Response headers every answer carries (DESIGN.md section 8).</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c>: browsers never guess a type for what Hitl serves, so a message can't turn
    /// into script. <c>Referrer-Policy: no-referrer</c>: pages opened from an invite link don't pass its one-time code on.
    /// </summary>
    public static IApplicationBuilder UseHitlSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }
}
