using Microsoft.AspNetCore.Identity;
using Parcours.Infrastructure.Demo;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Demo;

/// <summary>
/// One demo workspace generated on its own SQLite database, shared by the tests that only read it: generating takes
/// seconds, and none of them writes.
/// </summary>
public sealed class DemoWorkspaceFixture : IAsyncLifetime
{
    public const int Seed = 42;
    public const string Password = "Demo-Parcours-2026!";

    private TestDatabase? _database;
    private DemoWorkspace? _workspace;

    public PasswordHasher<AppUser> Hasher { get; } = new();

    public DemoWorkspace Workspace => _workspace ?? throw new InvalidOperationException("Not generated yet.");

    public DateOnly Today { get; } = DateOnly.FromDateTime(Clock.Start.UtcDateTime);

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _workspace = await GenerateAsync(_database, Seed, Hasher, CancellationToken.None);
    }

    /// <summary>A context scoped to the demo workspace.</summary>
    public ParcoursDbContext CreateContext()
    {
        var scope = new WorkspaceScope();
        scope.Enter(Workspace.WorkspaceId);
        return (_database ?? throw new InvalidOperationException("Not generated yet.")).CreateContext(scope);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Creates the roles, as the server does at startup, then generates a workspace on a scope-less context.</summary>
    public static async Task<DemoWorkspace> GenerateAsync(TestDatabase database, int seed, IPasswordHasher<AppUser> hasher, CancellationToken ct)
    {
        await CreateRolesAsync(database, ct);
        await using var db = database.CreateContext(new WorkspaceScope());
        return await new DemoWorkspaceGenerator(Clock.Fake(), hasher).GenerateAsync(db, Password, seed, ct);
    }

    public static async Task CreateRolesAsync(TestDatabase database, CancellationToken ct)
    {
        await using var db = database.CreateContext(new WorkspaceScope());
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole<Guid> { Id = Guid.NewGuid(), Name = role, NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync(ct);
    }
}
