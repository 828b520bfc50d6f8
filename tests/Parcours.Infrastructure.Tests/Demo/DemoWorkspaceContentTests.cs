using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.People;
using Parcours.Infrastructure.Demo;
using Parcours.Infrastructure.Identity;

namespace Parcours.Infrastructure.Tests.Demo;

/// <summary>What the generated customer base looks like; all tests read the one workspace of the fixture.</summary>
public sealed class DemoWorkspaceContentTests(DemoWorkspaceFixture fixture) : IClassFixture<DemoWorkspaceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_People_HaveUniqueEmails()
    {
        await using var db = fixture.CreateContext();

        var emails = await db.People.Select(p => p.Email).ToListAsync(Ct);

        Assert.All(emails, e => Assert.False(string.IsNullOrEmpty(e)));
        Assert.Equal(emails.Count, emails.Distinct(StringComparer.Ordinal).Count());
        Assert.All(emails, e => Assert.True(e!.All(c => char.IsAscii(c)), $"{e} is not ASCII"));
    }

    [Fact]
    public async Task GenerateAsync_Accounts_EachOwnedByACsm()
    {
        await using var db = fixture.CreateContext();
        var csmRoleId = await db.Roles.Where(r => r.Name == Roles.Csm).Select(r => r.Id).SingleAsync(Ct);
        var csmIds = await db.UserRoles.Where(ur => ur.RoleId == csmRoleId).Select(ur => ur.UserId).ToListAsync(Ct);

        var owners = await db.Accounts.Select(a => a.OwnerId).ToListAsync(Ct);

        Assert.Equal(5, csmIds.Count);
        Assert.All(owners, o => Assert.Contains(o!.Value.Value, csmIds));
        Assert.Equal(5, owners.Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_ActiveAccounts_AtStakeholderRiskBetween15And25Percent()
    {
        await using var db = fixture.CreateContext();
        var active = db.Accounts.Where(a => a.Status == AccountStatus.Active);

        var total = await active.CountAsync(Ct);
        var atRisk = await active.CountAsync(a => a.StakeholderRisk != StakeholderRisk.None, Ct);
        var singleSponsor = await active.CountAsync(a => a.StakeholderRisk == (StakeholderRisk.SingleSponsor | StakeholderRisk.NoEndUser | StakeholderRisk.NoTechnicalInfluencer)
            || a.StakeholderRisk == (StakeholderRisk.SingleSponsor | StakeholderRisk.NoEconomicDecisionMaker | StakeholderRisk.NoTechnicalInfluencer), Ct);
        var noTechnicalOnly = await active.CountAsync(a => a.StakeholderRisk == StakeholderRisk.NoTechnicalInfluencer, Ct);
        var nobody = await active.CountAsync(a => !a.Stakeholders.Any(), Ct);

        Assert.InRange((double)atRisk / total, 0.15, 0.25);
        Assert.True(singleSponsor > 0, "no account rests on a single sponsor");
        Assert.True(noTechnicalOnly > 0, "no account misses only the technical circle");
        Assert.True(nobody > 0, "no account has nobody mapped");
    }

    [Fact]
    public async Task GenerateAsync_MappedAccounts_MostHaveExactlyOneSponsor()
    {
        await using var db = fixture.CreateContext();

        var sponsorsPerAccount = await db.Accounts.Where(a => a.Stakeholders.Any())
            .Select(a => a.Stakeholders.Count(s => s.IsSponsor)).ToListAsync(Ct);

        Assert.InRange((double)sponsorsPerAccount.Count(n => n == 1) / sponsorsPerAccount.Count, 0.8, 0.95);
    }

    [Fact]
    public async Task GenerateAsync_ChurnedAccounts_HaveDateReasonAndNote()
    {
        await using var db = fixture.CreateContext();

        var churned = await db.Accounts.Where(a => a.Status == AccountStatus.Churned).ToListAsync(Ct);

        Assert.Equal(fixture.Workspace.Churned, churned.Count);
        Assert.InRange(churned.Count, 6, 10);
        Assert.All(churned, a =>
        {
            Assert.NotNull(a.ChurnReason);
            Assert.False(string.IsNullOrWhiteSpace(a.ChurnNote));
            Assert.InRange(a.ChurnedOn!.Value, a.StartDate!.Value, fixture.Today);
        });
        Assert.Equal(churned.Count, churned.Select(a => a.ChurnReason).Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_Accounts_DatesAndStagesAreConsistent()
    {
        await using var db = fixture.CreateContext();

        var accounts = await db.Accounts.ToListAsync(Ct);

        Assert.All(accounts, a =>
        {
            Assert.InRange(a.StartDate!.Value, fixture.Today.AddYears(-3), fixture.Today);
            Assert.True(a.RenewalDate > a.StartDate, $"{a.Name} renews before it starts");
            Assert.Equal(a.StartDate.Value.AddYears(a.RenewalDate!.Value.Year - a.StartDate.Value.Year), a.RenewalDate);
            Assert.InRange(a.MrrMinor!.Value, 49_00, 12_000_00);
            Assert.Equal("EUR", a.Currency);
            Assert.Matches(@"^CRM-\d{6}$", a.ExternalId!);
        });
        Assert.All(accounts.Where(a => a.Status == AccountStatus.Active), a => Assert.True(a.RenewalDate >= fixture.Today));

        // The stage is the one the account had last: today, or on the day it churned.
        int AgeDays(Account a) => (a.ChurnedOn ?? fixture.Today).DayNumber - a.StartDate!.Value.DayNumber;
        Assert.All(accounts.Where(a => a.Stage == LifecycleStage.Onboarding), a => Assert.InRange(AgeDays(a), 0, 239));
        Assert.All(accounts.Where(a => a.Stage == LifecycleStage.Advocacy), a => Assert.InRange(AgeDays(a), 540, 3 * 366));
        Assert.Contains(accounts, a => a.Stage == LifecycleStage.Onboarding);
        Assert.Contains(accounts, a => a.Stage == LifecycleStage.Advocacy);
        Assert.Equal(accounts.Count, accounts.Select(a => a.Name).Distinct().Count());
        Assert.Equal(accounts.Count, accounts.Select(a => a.Domain).Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_Segments_CorrelateWithPlansAndRevenue()
    {
        await using var db = fixture.CreateContext();

        var accounts = await db.Accounts.Select(a => new { a.Segment, a.Plan, a.MrrMinor }).ToListAsync(Ct);

        Assert.Equal(["ETI", "Grand compte", "PME", "TPE"], accounts.Select(a => a.Segment!).Distinct().Order(StringComparer.Ordinal));
        Assert.True(accounts.Count(a => a.Segment == "PME") > accounts.Count(a => a.Segment == "Grand compte"));
        Assert.DoesNotContain(accounts, a => a.Segment is "ETI" or "Grand compte" && a.Plan == "Essentiel");
        var smallMean = accounts.Where(a => a.Segment == "TPE").Average(a => a.MrrMinor!.Value);
        var largeMean = accounts.Where(a => a.Segment == "Grand compte").Average(a => a.MrrMinor!.Value);
        Assert.True(largeMean > 10 * smallMean);
    }

    [Fact]
    public async Task GenerateAsync_Contacts_EachMappedOnOneAccount()
    {
        await using var db = fixture.CreateContext();

        var contacts = await db.People.CountAsync(p => p.Kind == PersonKind.CustomerContact, Ct);
        var mappedPeople = await db.Stakeholders.Select(s => s.PersonId).ToListAsync(Ct);
        var accounts = await db.Accounts.CountAsync(Ct);

        Assert.Equal(contacts, mappedPeople.Count);
        Assert.Equal(contacts, mappedPeople.Distinct().Count());
        Assert.InRange((double)contacts / accounts, 4, 6);
    }

    [Fact]
    public async Task GenerateAsync_Employees_AreNotStakeholders()
    {
        await using var db = fixture.CreateContext();

        var employees = await db.People.Where(p => p.Kind == PersonKind.Employee).Select(p => p.Id).ToListAsync(Ct);
        var mapped = await db.Stakeholders.CountAsync(s => employees.Contains(s.PersonId), Ct);

        Assert.Equal(20, employees.Count);
        Assert.Equal(0, mapped);
    }

    [Fact]
    public async Task GenerateAsync_Contacts_MostlyFrenchInParis()
    {
        await using var db = fixture.CreateContext();

        var people = await db.People.Select(p => new { p.Locale, p.TimeZone, p.Phone }).ToListAsync(Ct);

        Assert.InRange((double)people.Count(p => p.Locale == "fr") / people.Count, 0.9, 0.999);
        Assert.InRange((double)people.Count(p => p.TimeZone == "Europe/Paris") / people.Count, 0.8, 0.98);
        Assert.All(people.Where(p => p.Phone is not null), p => Assert.Matches(@"^\+[0-9]{9,14}$", p.Phone!));
    }

    [Fact]
    public async Task GenerateAsync_Admin_PasswordVerifiesWithHasher()
    {
        await using var db = fixture.CreateContext();

        var normalized = DemoWorkspaceGenerator.AdminEmail.ToUpperInvariant();
        var admin = await db.Users.SingleAsync(u => u.NormalizedEmail == normalized, Ct);
        var roles = await db.UserRoles.Where(ur => ur.UserId == admin.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(Ct);

        Assert.Equal(PasswordVerificationResult.Success, fixture.Hasher.VerifyHashedPassword(admin, admin.PasswordHash!, DemoWorkspaceFixture.Password));
        Assert.Equal(PasswordVerificationResult.Failed, fixture.Hasher.VerifyHashedPassword(admin, admin.PasswordHash!, "wrong"));
        Assert.Equal([Roles.Admin], roles);
        Assert.Equal(fixture.Workspace.WorkspaceId, admin.WorkspaceId);
        Assert.True(admin.EmailConfirmed);
    }

    [Fact]
    public async Task GenerateAsync_Team_CsmsReportToTheManager()
    {
        await using var db = fixture.CreateContext();
        var workspaceId = fixture.Workspace.WorkspaceId;

        var users = await db.Users.Where(u => u.WorkspaceId == workspaceId).ToListAsync(Ct);
        var manager = users.Single(u => u.Email == fixture.Workspace.Team.Single(m => m.Role == Roles.Manager).Email);
        var csmEmails = fixture.Workspace.Team.Where(m => m.Role == Roles.Csm).Select(m => m.Email).ToList();

        Assert.Equal(8, users.Count);
        Assert.All(users.Where(u => csmEmails.Contains(u.Email!)), u => Assert.Equal(manager.Id, u.ManagerId));
        Assert.Equal(5, csmEmails.Count);
    }
}
