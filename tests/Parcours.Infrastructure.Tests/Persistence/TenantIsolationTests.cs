using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Persistence;

public sealed class TenantIsolationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Query_OtherWorkspacesRows_AreInvisible(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = Clock.Fake();
        var (a, b) = await TwoWorkspacesAsync(database, clock);
        await AddAccountAsync(database, a, "Alpha", clock);
        await AddAccountAsync(database, b, "Beta", clock);

        var scope = new WorkspaceScope();
        scope.Enter(a);
        await using var db = database.CreateContext(scope);

        var names = await db.Accounts.Select(x => x.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["Alpha"], names);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Save_RowOfAnotherWorkspace_Throws(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = Clock.Fake();
        var (a, b) = await TwoWorkspacesAsync(database, clock);

        var scope = new WorkspaceScope();
        scope.Enter(a);
        await using var db = database.CreateContext(scope);
        db.Accounts.Add(Account.Create(b, AccountDetails.Create("Intruder").Value, clock));

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Query_WithoutWorkspace_SeesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = Clock.Fake();
        var (a, _) = await TwoWorkspacesAsync(database, clock);
        await AddAccountAsync(database, a, "Alpha", clock);

        await using var db = database.CreateContext(new WorkspaceScope());

        Assert.Equal(0, await db.Accounts.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Model_MatchesMigrations_NoPendingChanges(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext(new WorkspaceScope());

        Assert.False(db.Database.HasPendingModelChanges());
    }

    private static async Task<(WorkspaceId A, WorkspaceId B)> TwoWorkspacesAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateContext(new WorkspaceScope());
        var a = Workspace.Create("A", false, clock).Value;
        var b = Workspace.Create("B", false, clock).Value;
        db.Workspaces.AddRange(a, b);
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    }

    private static async Task AddAccountAsync(TestDatabase database, WorkspaceId workspace, string name, TimeProvider clock)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        db.Accounts.Add(Account.Create(workspace, AccountDetails.Create(name).Value, clock));
        await db.SaveChangesAsync();
    }
}
