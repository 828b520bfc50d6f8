using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Demo;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Demo;

/// <summary>How a generation runs: on each provider, from a seed, and all or nothing.</summary>
public sealed class DemoWorkspaceGeneratorTests
{
    private static readonly PasswordHasher<AppUser> Hasher = new();

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GenerateAsync_OnProvider_WritesTheWholeWorkspace(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await DemoWorkspaceFixture.GenerateAsync(database, seed: 1, Hasher, Ct);

        await using var db = Scoped(database, result.WorkspaceId);
        var workspace = await db.Workspaces.SingleAsync(Ct);
        Assert.True(workspace.IsDemo);
        Assert.Equal(DemoWorkspaceGenerator.WorkspaceName, workspace.Name);
        Assert.Equal(DemoWorkspaceGenerator.AdminEmail, result.AdminEmail);
        Assert.InRange(result.Accounts, 280, 320);
        Assert.InRange(result.People, 1_300, 1_700);
        Assert.InRange(result.Churned, 6, 10);
        Assert.Equal(result.Accounts, await db.Accounts.CountAsync(Ct));
        Assert.Equal(result.People, await db.People.CountAsync(Ct));
        Assert.Equal(result.Churned, await db.Accounts.CountAsync(a => a.ChurnedOn != null, Ct));
        Assert.Equal(result.Team.Count, await db.Users.CountAsync(u => u.WorkspaceId == result.WorkspaceId, Ct));
        Assert.Equal(
            ["Admin", "CSM", "CSM", "CSM", "CSM", "CSM", "Manager", "Viewer"],
            await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync(Ct));
    }

    [Fact]
    public async Task GenerateAsync_SameSeedTwice_SameCustomersInSameOrder()
    {
        await using var first = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var second = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var a = await DemoWorkspaceFixture.GenerateAsync(first, seed: 7, Hasher, Ct);
        var b = await DemoWorkspaceFixture.GenerateAsync(second, seed: 7, Hasher, Ct);

        var (accountsA, peopleA, mapA) = await SnapshotAsync(first, a.WorkspaceId);
        var (accountsB, peopleB, mapB) = await SnapshotAsync(second, b.WorkspaceId);
        Assert.Equal(accountsA, accountsB);
        Assert.Equal(peopleA, peopleB);
        Assert.Equal(mapA, mapB);
        Assert.Equal((a.Accounts, a.People, a.Churned), (b.Accounts, b.People, b.Churned));
        Assert.Equal(a.Team, b.Team);
    }

    [Fact]
    public async Task GenerateAsync_DifferentSeeds_DifferentCustomers()
    {
        await using var first = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var second = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var a = await DemoWorkspaceFixture.GenerateAsync(first, seed: 7, Hasher, Ct);
        var b = await DemoWorkspaceFixture.GenerateAsync(second, seed: 8, Hasher, Ct);

        var (accountsA, _, _) = await SnapshotAsync(first, a.WorkspaceId);
        var (accountsB, _, _) = await SnapshotAsync(second, b.WorkspaceId);
        Assert.NotEqual(accountsA, accountsB);
    }

    [Fact]
    public async Task GenerateAsync_ScopeAlreadyEntered_Throws()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorkspaceFixture.CreateRolesAsync(database, Ct);
        await using var db = Scoped(database, new WorkspaceId(Guid.NewGuid()));

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DemoWorkspaceGenerator(Clock.Fake(), Hasher).GenerateAsync(db, DemoWorkspaceFixture.Password, 1, Ct));
    }

    [Fact]
    public async Task GenerateAsync_RolesMissing_ThrowsAndWritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext(new WorkspaceScope());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DemoWorkspaceGenerator(Clock.Fake(), Hasher).GenerateAsync(db, DemoWorkspaceFixture.Password, 1, Ct));

        Assert.Contains("Admin", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Workspaces.CountAsync(Ct));
    }

    [Fact]
    public async Task GenerateAsync_DemoTeamAlreadyExists_FailsWithoutPartialWorkspace()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorkspaceFixture.GenerateAsync(database, seed: 1, Hasher, Ct);

        await using var db = database.CreateContext(new WorkspaceScope());
        await Assert.ThrowsAsync<DbUpdateException>(
            () => new DemoWorkspaceGenerator(Clock.Fake(), Hasher).GenerateAsync(db, DemoWorkspaceFixture.Password, 2, Ct));

        await using var check = database.CreateContext(new WorkspaceScope());
        Assert.Equal(1, await check.Workspaces.CountAsync(Ct));
        Assert.Equal(8, await check.Users.CountAsync(Ct));
    }

    private static ParcoursDbContext Scoped(TestDatabase database, WorkspaceId workspaceId)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspaceId);
        return database.CreateContext(scope);
    }

    /// <summary>Every generated fact except ids, which are fresh GUIDs: owners appear by email.</summary>
    private static async Task<(List<string> Accounts, List<string> People, List<string> Map)> SnapshotAsync(TestDatabase database, WorkspaceId workspaceId)
    {
        await using var db = Scoped(database, workspaceId);
        var owners = await db.Users.ToDictionaryAsync(u => new UserId(u.Id), u => u.Email!, Ct);
        var accounts = (await db.Accounts.OrderBy(a => a.ExternalId).ToListAsync(Ct))
            .ConvertAll(a => string.Join('|', a.ExternalId, a.Name, a.Domain, a.Segment, a.Plan, a.MrrMinor, a.Stage, a.StartDate,
                a.RenewalDate, a.Status, a.ChurnedOn, a.ChurnReason, a.ChurnNote, string.Join(',', a.Tags), a.StakeholderRisk, owners[a.OwnerId!.Value]));
        var people = (await db.People.OrderBy(p => p.Email).ToListAsync(Ct))
            .ConvertAll(p => string.Join('|', p.Email, p.FirstName, p.LastName, p.JobTitle, p.Phone, p.Locale, p.TimeZone, p.ExternalId,
                p.Kind, p.Consent, string.Join(',', p.Tags)));
        var map = await db.Stakeholders
            .Join(db.Accounts, s => s.AccountId, a => a.Id, (s, a) => new { s, a.ExternalId })
            .Join(db.People, x => x.s.PersonId, p => p.Id, (x, p) => new { x.ExternalId, p.Email, x.s.Role, x.s.IsSponsor, x.s.Motivations, x.s.PersonalKpis })
            .OrderBy(x => x.Email)
            .ToListAsync(Ct);
        return (accounts, people, map.ConvertAll(x => string.Join('|', x.ExternalId, x.Email, x.Role, x.IsSponsor, x.Motivations, x.PersonalKpis)));
    }
}
