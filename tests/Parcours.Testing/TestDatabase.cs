using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Xunit;

namespace Parcours.Testing;

/// <summary>
/// A fresh, migrated database of one provider for one test class. SQLite is a file in a temp folder; PostgreSQL is a
/// new database on the server named by PARCOURS_TEST_POSTGRES, dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "parcours-tests", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            database = new TestDatabase(provider, DatabaseSetup.SqliteConnectionString($"Data Source={file}", "."), file, null, null);
        }
        else
        {
            var admin = PostgresServer.RequireConnectionString();
            var name = $"parcours_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            database = new TestDatabase(provider, builder.ToString(), null, admin, name);
        }

        await using var db = database.CreateContext(new WorkspaceScope());
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        return database;
    }

    public ParcoursDbContext CreateContext(WorkspaceScope scope, params IInterceptor[] interceptors) => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteParcoursDbContext(
            new DbContextOptionsBuilder<SqliteParcoursDbContext>()
                .UseSqlite(ConnectionString, s => s.MigrationsHistoryTable("__ef_migrations")).AddInterceptors(interceptors).Options, scope),
        DatabaseProvider.Postgres => new PostgresParcoursDbContext(
            new DbContextOptionsBuilder<PostgresParcoursDbContext>()
                .UseNpgsql(ConnectionString, n => n.MigrationsHistoryTable("__ef_migrations")).AddInterceptors(interceptors).Options, scope),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    /// <summary>Configuration keys that point a Parcours host at this database.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Parcours"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// Where the PostgreSQL tests find their server. CI sets PARCOURS_TEST_POSTGRES; elsewhere a test skips with the
/// reason, except when CI=true, where a missing server is a failure rather than a silent skip.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "PARCOURS_TEST_POSTGRES";

    private static readonly Lazy<string?> Available = new(Probe);

    public static string? ConnectionString => Available.Value;

    public static string RequireConnectionString()
    {
        if (Available.Value is { } connectionString)
        {
            return connectionString;
        }

        var reason = $"PostgreSQL tests need a server: set {Variable} (e.g. Host=localhost;Username=postgres;Password=postgres). .ci/run does.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
        return "";
    }

    private static string? Probe()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        try
        {
            using var connection = new NpgsqlConnection(configured);
            connection.Open();
            return configured;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
