using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add --context SqliteParcoursDbContext</c> build the model without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteParcoursDbContext>
{
    public SqliteParcoursDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteParcoursDbContext>()
            .UseSqlite("Data Source=design.db", s => s.MigrationsHistoryTable("__ef_migrations")).Options, new WorkspaceScope());
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresParcoursDbContext</c> build the model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresParcoursDbContext>
{
    public PostgresParcoursDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresParcoursDbContext>()
            .UseNpgsql("Host=localhost;Database=parcours_design", n => n.MigrationsHistoryTable("__ef_migrations")).Options, new WorkspaceScope());
}
