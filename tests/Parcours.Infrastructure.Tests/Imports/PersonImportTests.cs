using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.People;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class PersonImportTests(ImportDatabases databases) : IClassFixture<ImportDatabases>
{
    private const string Accounts = "name;externalId\nAcme;ACME\nSolo;SOLO\n";

    private const string StakeholderFile =
        "Prénom;Nom;Courriel;Code client;Rôle;Sponsor;Motivations\n"
        + "Anne;Martin;anne@acme.fr;ACME;Décideur économique;oui;ROI avant tout\n"
        + "Bob;Durand;bob@acme.fr;ACME;Utilisateur final;non;\n"
        + "Chloé;Petit;chloe@acme.fr;ACME;Influenceur technique;;\n"
        + "Sam;Seul;sam@solo.fr;SOLO;Décideur économique;oui;\n";

    public static TheoryData<DatabaseProvider> Providers => ImportDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_PeopleWithAccountIds_BecomeStakeholdersAndRiskIsRecomputed(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(Accounts));

        var outcome = await ws.ImportAsync(ImportKind.People, ws.WriteFile(StakeholderFile));

        OutcomeAssert.Succeeded(outcome, created: 4, updated: 0, unchanged: 0);
        await using var db = ws.Context();
        var accounts = await db.Accounts.AsNoTracking().Include(a => a.Stakeholders).ToDictionaryAsync(a => a.ExternalId!, TestWorkspace.Ct);
        Assert.Equal(StakeholderRisk.None, accounts["ACME"].StakeholderRisk);
        Assert.Equal(3, accounts["ACME"].Stakeholders.Count);
        Assert.Equal(
            StakeholderRisk.NoEndUser | StakeholderRisk.NoTechnicalInfluencer | StakeholderRisk.SingleSponsor,
            accounts["SOLO"].StakeholderRisk);
        var anne = await db.People.SingleAsync(p => p.Email == "anne@acme.fr", TestWorkspace.Ct);
        var link = accounts["ACME"].Stakeholders.Single(s => s.PersonId == anne.Id);
        Assert.Equal((StakeholderRole.EconomicDecisionMaker, true, "ROI avant tout"), (link.Role, link.IsSponsor, link.Motivations));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_SamePeopleFileTwice_SecondRunChangesNothing(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(Accounts));
        var path = ws.WriteFile(StakeholderFile);
        await ws.ImportAsync(ImportKind.People, path);
        ws.Clock.Advance(TimeSpan.FromDays(1));

        var second = await ws.ImportAsync(ImportKind.People, path);

        OutcomeAssert.Succeeded(second, created: 0, updated: 0, unchanged: 4);
        await using var db = ws.Context();
        Assert.All(await db.People.ToListAsync(TestWorkspace.Ct), p => Assert.Equal(Clock.Start.UtcDateTime, p.UpdatedAt));
        Assert.All(await db.Accounts.ToListAsync(TestWorkspace.Ct), a => Assert.Equal(Clock.Start.UtcDateTime, a.UpdatedAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_LinkProblems_RejectedPerRow(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(Accounts));
        var path = ws.WriteFile(
            "firstName;lastName;email;accountExternalId;stakeholderRole;sponsor\n"
            + "A;A;a@x.fr;NOPE;EndUser;\n"
            + "B;B;b@x.fr;ACME;;\n"
            + "C;C;c@x.fr;;;oui\n"
            + "D;D;d@x.fr;ACME;Stagiaire;\n");

        var outcome = await ws.ImportAsync(ImportKind.People, path);

        OutcomeAssert.Rejected(outcome, (2, "accountExternalId"), (3, "stakeholderRole"), (4, "accountExternalId"), (5, "stakeholderRole"));
        Assert.Equal("accountExternalId 'NOPE' matches no account: import the accounts first, or check the id.", outcome.Errors[0].Message);
        await using var db = ws.Context();
        Assert.Empty(await db.People.ToListAsync(TestWorkspace.Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_DuplicateEmailsAndMissingKey_RejectedNamingRows(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("firstName,lastName,email,externalId,phone\nA,A,a@x.fr,,\nB,B,A@X.FR,,\nC,C,,,+33 6 12 34 56 78\nD,D,d@x.fr,E1,\nE,E,e@x.fr,E1,\n");

        var outcome = await ws.ImportAsync(ImportKind.People, path);

        OutcomeAssert.Rejected(outcome, (3, "email"), (4, "email"), (6, "externalId"));
        Assert.Equal("email 'a@x.fr' is already on row 2: each person must appear once.", outcome.Errors[0].Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_MatchOnExternalIdWithNewEmail_UpdatesThePerson(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.People, ws.WriteFile("firstName;lastName;email;externalId\nAnne;Martin;old@x.fr;E1\nBob;Durand;bob@x.fr;E2\n"));

        var moved = await ws.ImportAsync(ImportKind.People, ws.WriteFile("firstName;lastName;email;externalId\nAnne;Martin;new@x.fr;E1\n"));
        var stolen = await ws.ImportAsync(ImportKind.People, ws.WriteFile("firstName;lastName;email;externalId\nBob;Durand;bob@x.fr;E1\n"));

        OutcomeAssert.Succeeded(moved, created: 0, updated: 1, unchanged: 0);
        OutcomeAssert.Rejected(stolen, (2, "externalId"));
        Assert.Contains("Anne Martin", stolen.Errors[0].Message, StringComparison.Ordinal);
        await using var db = ws.Context();
        Assert.Equal("new@x.fr", (await db.People.SingleAsync(p => p.ExternalId == "E1", TestWorkspace.Ct)).Email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_KindConsentsLocaleAndTimeZone_Parsed(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile(
            "Prénom;Nom;E-mail;Type;Consentement SMS;Consentement e-mail;Langue;Fuseau horaire;Portable\n"
            + "Léa;Roux;LEA@x.fr;Employé;oui;non;en-GB;America/Montreal;06 12 34 56 78\n"
            + "Paul;Blanc;paul@x.fr;;;;;;\n");

        var outcome = await ws.ImportAsync(ImportKind.People, path);

        OutcomeAssert.Succeeded(outcome, created: 2, updated: 0, unchanged: 0);
        await using var db = ws.Context();
        var lea = await db.People.SingleAsync(p => p.Email == "lea@x.fr", TestWorkspace.Ct);
        Assert.Equal((PersonKind.Employee, new ChannelConsent(false, true, false, true)), (lea.Kind, lea.Consent));
        Assert.Equal(("en", "America/Montreal", "0612345678"), (lea.Locale, lea.TimeZone, lea.Phone));
        var paul = await db.People.SingleAsync(p => p.Email == "paul@x.fr", TestWorkspace.Ct);
        Assert.Equal((PersonKind.CustomerContact, ChannelConsent.Default, "fr", "Europe/Paris"), (paul.Kind, paul.Consent, paul.Locale, paul.TimeZone));
    }
}
