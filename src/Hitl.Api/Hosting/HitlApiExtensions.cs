using Hitl.Api.Auth;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage.Postgres;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Hitl.Api.Hosting;

/// <summary>The pieces of the API host, one extension method each, so Program.cs reads as a table of contents.</summary>
public static class HitlApiExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Options, the data directory, the default listen address and quiet logging.</summary>
    public static WebApplicationBuilder AddHitlDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(HitlOptions.Section).Get<HitlOptions>() ?? new HitlOptions();
        builder.Services.Configure<HitlOptions>(builder.Configuration.GetSection(HitlOptions.Section));
        builder.Services.AddSingleton(new DataDirectory(options.ResolveDataDirectory()));
        builder.Services.AddSingleton(TimeProvider.System);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Orleans logs a line per placement at Information; keep the console for what matters.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);

        // The silo warns at every start that Server GC is off. Workstation concurrent GC is the measured choice for this
        // process (Hitl.Api.csproj; bench/README.md, "GC mode"), so the note is noise. The Silo category's other warnings
        // are a verbose-log-level note (moot at Warning) and grains slow to deactivate at shutdown (grains persist before
        // they acknowledge, so nothing is lost); its errors still show.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// Embedded mode (default): a silo in this process with SQLite storage under the data directory.
    /// Client mode: an Orleans client of the silos that share the PostgreSQL database.
    /// </summary>
    public static WebApplicationBuilder AddHitlOrleans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(HitlOptions.Section).Get<HitlOptions>() ?? new HitlOptions();
        switch (options.Cluster.Mode.ToLowerInvariant())
        {
            case "embedded" when options.UsesPostgres:
                throw new InvalidOperationException("Embedded mode keeps its data in SQLite. For PostgreSQL run silos (Hitl.Silo, Hitl:Cluster:Mode=silo) and this API with Hitl:Cluster:Mode=client.");
            case "embedded":
                var data = new DataDirectory(options.ResolveDataDirectory());
                builder.UseOrleans(silo => silo.AddHitlSilo(options, data));
                break;
            case "client" when !options.UsesPostgres:
                throw new InvalidOperationException("Client mode finds its silos in PostgreSQL: set Hitl:Storage=postgres and Hitl:PostgresConnectionString.");
            case "client":
                var connectionString = PostgresConnections.Normalize(options.PostgresConnectionString, options.Postgres);
                PostgresConnections.RegisterProvider();
                builder.Services.AddSingleton(options.Postgres);
                builder.UseOrleansClient(client =>
                {
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = options.Cluster.ClusterId;
                        o.ServiceId = options.Cluster.ServiceId;
                    });
                    client.UseAdoNetClustering(o =>
                    {
                        o.Invariant = PostgresConnections.Invariant;
                        o.ConnectionString = connectionString;
                    });
                    client.UseConnectionRetryFilter<StartupConnectionRetry>();
                    client.UseHitlTls(options.Cluster.Tls);
                });
                break;
            default:
                throw new InvalidOperationException($"Hitl:Cluster:Mode '{options.Cluster.Mode}' is not one of: embedded, client. (Silos run with Hitl.Silo.)");
        }

        return builder;
    }

    /// <summary>JWT bearer tokens signed with the installation's key.</summary>
    public static WebApplicationBuilder AddHitlAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var max = $"{JwtOptions.MaxLifetime.TotalDays} days";
        builder.Services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.Section))
            .Validate(o => JwtOptions.IsLongEnough(o.SigningKey), $"Hitl:Jwt:SigningKey must be at least {JwtOptions.MinKeyBytes} bytes long (or unset, to generate one in the data directory).")
            .Validate(o => JwtOptions.IsLifetime(o.AccessTokenLifetime), $"Hitl:Jwt:AccessTokenLifetime must be more than zero and at most {max}.")
            .Validate(o => JwtOptions.IsLifetime(o.CustomerTokenLifetime), $"Hitl:Jwt:CustomerTokenLifetime must be more than zero and at most {max}.")
            .Validate(o => o.RevocationCacheTtl >= TimeSpan.Zero && o.RevocationCacheTtl <= TimeSpan.FromMinutes(5), "Hitl:Jwt:RevocationCacheTtl must be between 0 and 5 minutes.")
            .ValidateOnStart();
        builder.Services.AddOptions<HitlOptions>()
            .Validate(o => JwtOptions.IsLongEnough(o.OperatorKey), $"Hitl:OperatorKey must be at least {JwtOptions.MinKeyBytes} bytes long (or unset, to generate one in the data directory).")
            .ValidateOnStart();
        builder.Services.AddSingleton<InviteIssuer>();
        builder.Services.AddOptions<InviteOptions>()
            .Bind(builder.Configuration.GetSection(InviteOptions.Section))
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.Lifetime <= InviteOptions.MaxLifetime, $"Hitl:Invites:Lifetime must be more than zero and at most {InviteOptions.MaxLifetime.TotalDays} days.")
            .Validate(o => o.Path.StartsWith('/'), "Hitl:Invites:Path must start with '/'.")
            .Validate(o => o.StartupLinkLifetime >= TimeSpan.Zero && o.StartupLinkLifetime <= o.Lifetime, "Hitl:Invites:StartupLinkLifetime must be between zero (none) and Hitl:Invites:Lifetime.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<OperatorKey>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<TokenRevocationCache>();
        builder.Services.AddSingleton<BearerTokenValidator>();
        builder.Services.AddSingleton<PublicBaseUrl>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, SigningKeyProvider>((bearer, jwt, keys) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = TokenService.ValidationParameters(jwt.Value, keys.Key);

                // Revocation is judged in one place for HTTP and WebSocket alike.
                bearer.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        var validator = context.HttpContext.RequestServices.GetRequiredService<BearerTokenValidator>();
                        try
                        {
                            if (await validator.IsRevokedAsync(context.Principal, context.SecurityToken))
                            {
                                context.Fail("The token was revoked.");
                            }
                        }
                        catch (Hitl.Grains.Common.HitlException ex)
                        {
                            // Never seen this tenant's revocations and can't read them now: fail closed, the next request asks again.
                            context.Fail(ex.Message);
                        }
                    },
                };
            });
        return builder;
    }

    /// <summary>Liveness (the process answers) and readiness (grains answer and the demo seed ran).</summary>
    public static WebApplicationBuilder AddHitlHealth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("orleans", tags: ["ready"]);
        return builder;
    }

    /// <summary>Creates the demo tenant on first start and prints keys and URLs.</summary>
    public static WebApplicationBuilder AddHitlDemoSeed(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        return builder;
    }

    public static WebApplication MapHitlHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
