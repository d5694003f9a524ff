using Hitl.Silo.Storage.Postgres;
using Npgsql;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>How Hitl completes a PostgreSQL connection string: its defaults, and the operator's own settings always winning.</summary>
public sealed class PostgresConnectionsTests
{
    [Fact]
    public void A_bare_connection_string_gets_the_pool_size_prepared_statements_and_no_reset_on_open()
    {
        var normalized = new NpgsqlConnectionStringBuilder(PostgresConnections.Normalize(
            "Host=db;Database=hitl;Username=hitl", new PostgresOptions { MaxPoolSize = 17, MaxAutoPrepare = 9 }));

        Assert.True(normalized.Pooling);
        Assert.Equal(17, normalized.MaxPoolSize);
        Assert.Equal(9, normalized.MaxAutoPrepare);
        Assert.True(normalized.NoResetOnClose);
    }

    [Fact]
    public void Settings_in_the_connection_string_win_over_the_options()
    {
        var normalized = new NpgsqlConnectionStringBuilder(PostgresConnections.Normalize(
            "Host=db;Database=hitl;Username=hitl;Maximum Pool Size=5;Max Auto Prepare=0;No Reset On Close=false", new PostgresOptions()));

        Assert.Equal(5, normalized.MaxPoolSize);
        Assert.Equal(0, normalized.MaxAutoPrepare);
        Assert.False(normalized.NoResetOnClose);
    }

    [Fact]
    public void A_missing_connection_string_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresConnections.Normalize(" ", new PostgresOptions()));
        Assert.Contains("Hitl:PostgresConnectionString", error.Message, StringComparison.Ordinal);
    }
}
