using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using static Parcours.Infrastructure.Demo.DemoChecks;

namespace Parcours.Infrastructure.Demo;

/// <summary>A member of the demo team; all share the password given to the generator.</summary>
public sealed record DemoTeamMember(string Email, string DisplayName, string Role);

/// <summary>What a generation created: <paramref name="People"/> counts customer contacts and employees together.</summary>
public sealed record DemoWorkspace(
    WorkspaceId WorkspaceId,
    string AdminEmail,
    IReadOnlyList<DemoTeamMember> Team,
    int Accounts,
    int People,
    int Churned);

/// <summary>
/// Creates a demo workspace: a French B2B SaaS vendor's team and customer base, the same for the same seed. All dates
/// are relative to the clock, every row goes through the domain factories, and the whole workspace is written in one
/// transaction, in two SaveChanges calls, with change detection off.
/// </summary>
public sealed class DemoWorkspaceGenerator(TimeProvider clock, IPasswordHasher<AppUser> hasher)
{
    public const string AdminEmail = "admin@demo.parcours.test";
    public const string WorkspaceName = "Démo — Logiciel SaaS B2B";
    public const string EmailDomain = "demo.parcours.test";

    private const int AccountCount = 300;
    private const int ChurnedCount = 8;
    private const int EmployeeCount = 20;

    private static readonly IReadOnlyList<DemoTeamMember> TeamMembers =
    [
        new(AdminEmail, "Camille Martin", Roles.Admin),
        new($"nicolas.bertrand@{EmailDomain}", "Nicolas Bertrand", Roles.Manager),
        new($"lea.fontaine@{EmailDomain}", "Léa Fontaine", Roles.Csm),
        new($"julien.moreau@{EmailDomain}", "Julien Moreau", Roles.Csm),
        new($"sarah.benali@{EmailDomain}", "Sarah Benali", Roles.Csm),
        new($"thomas.nguyen@{EmailDomain}", "Thomas Nguyen", Roles.Csm),
        new($"ines.lambert@{EmailDomain}", "Inès Lambert", Roles.Csm),
        new($"helene.garnier@{EmailDomain}", "Hélène Garnier", Roles.Viewer),
    ];

    /// <summary>
    /// Generates the workspace into <paramref name="db"/>, whose scope must not be entered yet: the generator enters it
    /// for the new workspace. The roles must exist. Opens a transaction unless the caller has one, and leaves the
    /// context's change tracker empty.
    /// </summary>
    public async Task<DemoWorkspace> GenerateAsync(ParcoursDbContext db, string password, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(password);
        if (db.Scope.Current is not null)
        {
            throw new InvalidOperationException("The demo generator creates its own workspace: pass a context whose scope is not entered.");
        }

        var roleIds = await LoadRoleIdsAsync(db, ct);
        var random = new Random(seed);
        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

            var workspace = Expect(Workspace.Create(WorkspaceName, isDemo: true, clock), "workspace");
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(ct);
            db.Scope.Enter(workspace.Id);

            var csms = AddTeam(db, workspace.Id, password, roleIds);
            var customers = new DemoAccountGenerator(random, clock, workspace.Id, csms).Generate(AccountCount, ChurnedCount);
            var peopleGenerator = new DemoPeopleGenerator(random, clock, workspace.Id, TeamMembers.Select(m => m.Email));
            var people = peopleGenerator.MapStakeholders(customers);
            people.AddRange(peopleGenerator.Employees(EmployeeCount, EmailDomain));

            db.People.AddRange(people);
            db.Accounts.AddRange(customers.Select(c => c.Account));
            await db.SaveChangesAsync(ct);
            await new DemoUsageGenerator(new Random(seed + 1), clock, workspace.Id).AddAsync(db, [.. customers.Select(c => c.Account)], people, ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return new DemoWorkspace(
                workspace.Id, AdminEmail, TeamMembers, customers.Count, people.Count,
                customers.Count(c => c.Account.ChurnedOn is not null));
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    private static async Task<Dictionary<string, Guid>> LoadRoleIdsAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var roles = await db.Roles.AsNoTracking()
            .Where(r => r.NormalizedName != null)
            .ToDictionaryAsync(r => r.NormalizedName!, r => r.Id, StringComparer.Ordinal, ct);
        var missing = Roles.All.Where(r => !roles.ContainsKey(r.ToUpperInvariant())).ToList();
        return missing.Count == 0
            ? roles
            : throw new InvalidOperationException($"Create the roles before the demo workspace; missing: {string.Join(", ", missing)}.");
    }

    /// <summary>Adds the team's users and role links; returns the CSMs, who own the accounts.</summary>
    private List<UserId> AddTeam(ParcoursDbContext db, WorkspaceId workspaceId, string password, Dictionary<string, Guid> roleIds)
    {
        var now = clock.GetUtcNow();
        Guid? managerId = null;
        var csms = new List<UserId>();
        foreach (var member in TeamMembers)
        {
            var user = new AppUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = member.Email,
                NormalizedUserName = member.Email.ToUpperInvariant(),
                Email = member.Email,
                NormalizedEmail = member.Email.ToUpperInvariant(),
                EmailConfirmed = true,
                LockoutEnabled = true,
                SecurityStamp = Guid.NewGuid().ToString(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                WorkspaceId = workspaceId,
                DisplayName = member.DisplayName,
                Locale = "fr",
                ManagerId = member.Role == Roles.Csm ? managerId : null,
                CreatedAt = now.UtcDateTime,
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[member.Role.ToUpperInvariant()] });

            if (member.Role == Roles.Manager)
            {
                managerId = user.Id;
            }
            else if (member.Role == Roles.Csm)
            {
                csms.Add(user.TypedId);
            }
        }

        return csms;
    }
}
