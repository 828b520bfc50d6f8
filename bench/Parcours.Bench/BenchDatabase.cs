using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Bench;

/// <summary>A database provider to measure; <paramref name="PostgresAdmin"/> is the server connection string for PostgreSQL.</summary>
internal sealed record BenchTarget(DatabaseProvider Provider, string? PostgresAdmin)
{
    public string Name => Provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";
}

/// <summary>
/// A fresh database migrated by the real migrations (<see cref="DatabaseSetup.MigrateAsync"/>, which also turns SQLite's
/// WAL on), dropped on dispose: a SQLite file in a temp folder, or a new database on the PostgreSQL server. The same recipe
/// as tests/Parcours.Testing/TestDatabase.cs, without its xunit skip logic. Every context counts its SQL commands.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchTarget _target;
    private readonly string _connectionString;
    private readonly string _name;

    private BenchDatabase(BenchTarget target, string connectionString, string name)
    {
        _target = target;
        _connectionString = connectionString;
        _name = name;
    }

    public CommandCounter Commands { get; } = new();

    public BenchTarget Target => _target;

    public DatabaseProvider Provider => _target.Provider;

    public string ConnectionString => _connectionString;

    /// <summary>The settings that point the server at this database, as tests/Parcours.Testing/TestDatabase.cs gives them.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings() => new Dictionary<string, string?>
    {
        ["Database:Provider"] = _target.Provider.ToString(),
        ["ConnectionStrings:Parcours"] = _connectionString,
    };

    public static async Task<BenchDatabase> CreateAsync(BenchTarget target, CancellationToken ct)
    {
        BenchDatabase database;
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "parcours-bench", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            database = new BenchDatabase(target, DatabaseSetup.SqliteConnectionString($"Data Source={file}", "."), file);
        }
        else
        {
            var name = $"parcours_bench_{Guid.NewGuid():N}";
            await ExecuteAsync(target.PostgresAdmin!, $"CREATE DATABASE \"{name}\"", ct);
            database = new BenchDatabase(target, new NpgsqlConnectionStringBuilder(target.PostgresAdmin) { Database = name }.ToString(), name);
        }

        await using var db = database.CreateContext(new WorkspaceScope());
        await DatabaseSetup.MigrateAsync(db, ct);
        return database;
    }

    public ParcoursDbContext CreateContext(WorkspaceScope scope) => _target.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteParcoursDbContext(
            new DbContextOptionsBuilder<SqliteParcoursDbContext>()
                .UseSqlite(_connectionString, s => s.MigrationsHistoryTable("__ef_migrations"))
                .AddInterceptors(Commands).Options, scope),
        DatabaseProvider.Postgres => new PostgresParcoursDbContext(
            new DbContextOptionsBuilder<PostgresParcoursDbContext>()
                .UseNpgsql(_connectionString, n => n.MigrationsHistoryTable("__ef_migrations"))
                .AddInterceptors(Commands).Options, scope),
        _ => throw new InvalidOperationException($"Unknown provider {_target.Provider}."),
    };

    public async ValueTask DisposeAsync()
    {
        if (_target.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_name + suffix);
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_target.PostgresAdmin!, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>The server's version, or why it cannot be reached.</summary>
    public static async Task<(string? Version, string? Problem)> ProbePostgresAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
            await using var connection = new NpgsqlConnection(builder.ToString());
            await connection.OpenAsync(ct);
            return (connection.PostgreSqlVersion.ToString(), null);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return (null, e.Message);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Counts the SQL commands EF sends, to show whether rows are written one command each or in batches.</summary>
internal sealed class CommandCounter : DbCommandInterceptor
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Counted(result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Counted(result);

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Counted(result);

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    private T Counted<T>(T result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }
}
