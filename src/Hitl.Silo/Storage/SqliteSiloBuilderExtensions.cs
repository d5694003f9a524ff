using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Hitl.Silo.Storage;

/// <summary>Registers the SQLite grain storage and reminder table on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>Adds a named <see cref="SqliteGrainStorage"/> that serializes state with Orleans' own (version-tolerant) serializer.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SqliteStorageOptions();
        configure(options);
        options.Validate();
        builder.Services.AddGrainStorage(name, (services, key) => new SqliteGrainStorage(
            key,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            options,
            new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>()),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return builder;
    }

    /// <summary>Uses <see cref="SqliteReminderTable"/> for durable reminders.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        builder.Services.AddOptions<SqliteStorageOptions>().Configure(configure).Validate(o =>
        {
            o.Validate();
            return true;
        });
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
