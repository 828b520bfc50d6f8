using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Infrastructure.Persistence;

public static class DatabaseSetup
{
    /// <summary>
    /// Registers the provider's DbContext behind <see cref="ParcoursDbContext"/> and <see cref="ParcoursDbFactory"/>.
    /// SQLite by default, in a file under the data folder; PostgreSQL when the provider says so.
    /// </summary>
    public static IServiceCollection AddParcoursDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        services.AddScoped<WorkspaceScope>();
        services.AddSingleton<AgendaSignal>();
        services.AddSingleton<AgendaCommitInterceptor>();
        services.AddSingleton<AgendaScheduler>();
        services.AddSingleton<AgendaEffects>();

        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Parcours is empty. Set ConnectionStrings__Parcours, e.g. Host=localhost;Database=parcours;Username=parcours;Password=…");
                }

                services.AddDbContextFactory<PostgresParcoursDbContext>(
                    (sp, o) => o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations"))
                        .AddInterceptors(sp.GetRequiredService<AgendaCommitInterceptor>()),
                    ServiceLifetime.Scoped);
                services.AddSingleton<IAgendaStore>(new PostgresAgendaStore(connectionString));
                services.AddScoped<ParcoursDbFactory>(sp => new ParcoursDbFactory(
                    () => sp.GetRequiredService<IDbContextFactory<PostgresParcoursDbContext>>().CreateDbContext()));
                break;
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString, options.DataDirectory);
                services.AddDbContextFactory<SqliteParcoursDbContext>(
                    (sp, o) => o.UseSqlite(sqlite, s => s.MigrationsHistoryTable("__ef_migrations"))
                        .AddInterceptors(sp.GetRequiredService<AgendaCommitInterceptor>())
                        // A table rebuild switches foreign keys off around its transaction, as SQLite requires; EF warns
                        // about it on every fresh start, which reads like an error to a new user. Migrations stay atomic
                        // otherwise, and a failed first start is fixed by deleting the new file.
                        .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning)),
                    ServiceLifetime.Scoped);
                services.AddSingleton<IAgendaStore>(new SqliteAgendaStore(sqlite));
                services.AddScoped<ParcoursDbFactory>(sp => new ParcoursDbFactory(
                    () => sp.GetRequiredService<IDbContextFactory<SqliteParcoursDbContext>>().CreateDbContext()));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }

        services.AddScoped(sp => sp.GetRequiredService<ParcoursDbFactory>().Create());
        return services;
    }

    public static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? $"Data Source={Path.Combine(dataDirectory, "parcours.db")}" : configured)
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }

    /// <summary>Applies migrations, then on SQLite switches the file to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(ParcoursDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>Creates a short-lived context of the configured provider; Blazor components use it rather than a circuit-long context.</summary>
public sealed class ParcoursDbFactory(Func<ParcoursDbContext> create)
{
    public ParcoursDbContext Create() => create();
}
