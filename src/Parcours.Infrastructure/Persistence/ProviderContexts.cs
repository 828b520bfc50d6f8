using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Infrastructure.Persistence;

/// <summary>The SQLite flavour: the embedded default. Its migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteParcoursDbContext(DbContextOptions<SqliteParcoursDbContext> options, WorkspaceScope scope)
    : ParcoursDbContext(options, scope);

/// <summary>The PostgreSQL flavour, for teams and several nodes. Its migrations live in Persistence/Migrations/Postgres.</summary>
public sealed class PostgresParcoursDbContext(DbContextOptions<PostgresParcoursDbContext> options, WorkspaceScope scope)
    : ParcoursDbContext(options, scope);
