using System.Text;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class AccountImportTests(ImportDatabases databases) : IClassFixture<ImportDatabases>
{
    public static TheoryData<DatabaseProvider> Providers => ImportDatabases.Providers;

    public static TheoryData<DatabaseProvider, string> ProvidersAndEncodings => new()
    {
        { DatabaseProvider.Sqlite, "utf-8-bom" },
        { DatabaseProvider.Sqlite, "utf-8" },
        { DatabaseProvider.Sqlite, "windows-1252" },
        { DatabaseProvider.Postgres, "utf-8-bom" },
        { DatabaseProvider.Postgres, "utf-8" },
        { DatabaseProvider.Postgres, "windows-1252" },
    };

    [Theory]
    [MemberData(nameof(ProvidersAndEncodings))]
    public async Task RunAsync_EncodingsAndSeparators_ImportsAccentsIntact(DatabaseProvider provider, string encoding)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var d = encoding == "utf-8" ? ',' : ';';
        var text = $"Raison sociale{d}Site web{d}Segment\r\nSociété Générale{d}socgen.fr{d}Crème & œuvres\r\nÉlodie{d}elodie.fr{d}Prix en €\r\n";
        var path = encoding switch
        {
            "utf-8-bom" => ws.WriteFile(text, bom: true),
            "utf-8" => ws.WriteFile(text),
            _ => ws.WriteFile(text, Latin1252()),
        };

        var sniff = (await CsvSniffer.SniffAsync(path, 5, TestWorkspace.Ct)).Value;
        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        Assert.Equal((encoding, d), (sniff.EncodingName, sniff.Delimiter));
        OutcomeAssert.Succeeded(outcome, created: 2, updated: 0, unchanged: 0);
        var accounts = await AccountsAsync(ws);
        Assert.Equal([("Société Générale", "Crème & œuvres"), ("Élodie", "Prix en €")], accounts.Select(a => (a.Name, a.Segment)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_QuotedCommasQuotesAndLineBreaks_ImportedIntact(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name,domain,segment\n\"Dupont, Fils & Cie\",dupont.fr,\"Le \"\"grand\"\" compte\nsur deux lignes\"\n  Trailing Spaces  ,trailing.fr , SMB \n\n\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Succeeded(outcome, created: 2, updated: 0, unchanged: 0);
        var accounts = await AccountsAsync(ws);
        Assert.Equal(("Dupont, Fils & Cie", "Le \"grand\" compte\nsur deux lignes"), (accounts[0].Name, accounts[0].Segment));
        Assert.Equal(("Trailing Spaces", "trailing.fr", "SMB"), (accounts[1].Name, accounts[1].Domain, accounts[1].Segment));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_FrenchDatesMoneyStagesAndTags_Parsed(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile(
            "Nom;Domaine;Code client;CA mensuel;Étape;Date de début;Date de renouvellement;Étiquettes;Devise\n"
            + "Acme;https://www.acme.fr/contact;AC-1;1 234,56 €;Fidélisation;01/02/2024;2025-01-31;VIP|Paris;eur\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Succeeded(outcome, created: 1, updated: 0, unchanged: 0);
        var account = Assert.Single(await AccountsAsync(ws));
        Assert.Equal(("acme.fr", "AC-1", 123456L, "EUR"), (account.Domain, account.ExternalId, account.MrrMinor, account.Currency));
        Assert.Equal(LifecycleStage.Retention, account.Stage);
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2025, 1, 31)), (account.StartDate, account.RenewalDate));
        Assert.Equal(["paris", "vip"], account.Tags);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ArrColumn_StoredAsATwelfthInMrr(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name;externalId;CA annuel\nA;A1;12 000\nB;B1;1 000,00\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Succeeded(outcome, created: 2, updated: 0, unchanged: 0);
        Assert.Equal([100_000L, 8_333L], (await AccountsAsync(ws)).Select(a => a.MrrMinor!.Value));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_InvalidRows_RejectedWithSpreadsheetRowNumbersAndNothingWritten(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile(
            "name;externalId;startDate;mrr;arr;ownerEmail;lifecycleStage\n"
            + "Good;G1;01/01/2024;10;;;\n"
            + "Bad date;B1;31/02/2024;;;;\n"
            + ";;;;;;\n"
            + ";B2;;;;;\n"
            + "Both;B3;;10;120;;\n"
            + "Owner;B4;;;;nobody@example.com;\n"
            + "Stage;B5;;;;;Prospect\n"
            + "No key;;;;;;\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Rejected(outcome, (3, "startDate"), (5, "name"), (6, "arr"), (7, "ownerEmail"), (8, "lifecycleStage"), (9, "externalId"));
        Assert.Equal(7, outcome.TotalRows);
        Assert.Equal("Row 3: startDate '31/02/2024' is not a date (expected dd/MM/yyyy).", outcome.Errors[0].ToString());
        Assert.Empty(await AccountsAsync(ws));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_RowAfterMultilineValue_NumberedAsInASpreadsheet(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name;externalId;segment;renewalDate\r\nA;A1;\"two\r\nlines\";\r\nB;B1;;someday\r\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Rejected(outcome, (3, "renewalDate"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_UnclosedQuote_RejectedAtTheRowWhereItStarts(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name;externalId\nA;A1\n\"B;B1\nC;C1\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        Assert.Equal(ImportOutcomeStatus.Rejected, outcome.Status);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((3, null), (error.Row, error.Field));
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ValuesBeyondTheHeaderColumns_RowRejected(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name,externalId,,\nA,A1,,\n\"Dupont, Fils\",D1,,\nDupont, Fils,D2,\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Rejected(outcome, (4, null));
        Assert.Contains("more values than the header has columns", outcome.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_DuplicateKeysInFile_LaterRowNamesTheEarlierOne(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("name;externalId;domain\nA;X1;a.fr\nB;X1;b.fr\nC;;c.fr\nD;;www.C.fr\nE;X2;c.fr\n");

        var outcome = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Rejected(outcome, (3, "externalId"), (5, "domain"), (6, "domain"));
        Assert.Equal("externalId 'X1' is already on row 2: each account must appear once.", outcome.Errors[0].Message);
        Assert.Contains("row 4", outcome.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("row 4", outcome.Errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_SameFileTwice_SecondRunChangesNothing(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.AddUserAsync("claire@example.com");
        var path = ws.WriteFile(
            "name;externalId;domain;segment;plan;mrr;ownerEmail;lifecycleStage;startDate;renewalDate;tags;status;churnedOn;churnReason;churnNote\n"
            + "Acme;A1;acme.fr;SMB;Pro;1 234,56;Claire@Example.com;Adoption;01/02/2024;01/02/2025;vip, paris;;;;\n"
            + "Gone;G1;gone.fr;;;99;;;01/01/2023;;;churned;15/06/2024;Concurrent;\"Parti chez X; dommage\"\n"
            + "Domain only;;domain-only.fr;;;;;;;;;;;;\n");
        OutcomeAssert.Succeeded(await ws.ImportAsync(ImportKind.Accounts, path), created: 3, updated: 0, unchanged: 0);
        ws.Clock.Advance(TimeSpan.FromDays(1));

        var second = await ws.ImportAsync(ImportKind.Accounts, path);

        OutcomeAssert.Succeeded(second, created: 0, updated: 0, unchanged: 3);
        var accounts = await AccountsAsync(ws);
        Assert.All(accounts, a => Assert.Equal(Clock.Start.UtcDateTime, a.UpdatedAt));
        var gone = accounts.Single(a => a.ExternalId == "G1");
        Assert.Equal((AccountStatus.Churned, ChurnReason.Competitor, "Parti chez X; dommage"), (gone.Status, gone.ChurnReason, gone.ChurnNote));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_BlankCellsAndUnmappedColumns_KeepStoredValues(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;segment;plan\nAcme;A1;SMB;Pro\n"));
        ws.Clock.Advance(TimeSpan.FromHours(1));

        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("externalId;name;plan\nA1;;Enterprise\n"));

        OutcomeAssert.Succeeded(outcome, created: 0, updated: 1, unchanged: 0);
        var account = Assert.Single(await AccountsAsync(ws));
        Assert.Equal(("Acme", "SMB", "Enterprise"), (account.Name, account.Segment, account.Plan));
        Assert.Equal(ws.Clock.GetUtcNow().UtcDateTime, account.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_RowWithoutExternalId_MatchedOnDomain(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;domain\nAcme;A1;acme.fr\n"));

        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("Société,Site web,Offre\nAcme,https://www.ACME.fr,Pro\n"));

        OutcomeAssert.Succeeded(outcome, created: 0, updated: 1, unchanged: 0);
        var account = Assert.Single(await AccountsAsync(ws));
        Assert.Equal(("A1", "Pro"), (account.ExternalId, account.Plan));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_OneBadRowAmongUpdates_ExistingAccountsUntouched(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;plan\nAcme;A1;Pro\n"));

        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;plan;mrr\nAcme;A1;Enterprise;\nNew;N1;;beaucoup\n"));

        OutcomeAssert.Rejected(outcome, (3, "mrr"));
        var account = Assert.Single(await AccountsAsync(ws));
        Assert.Equal("Pro", account.Plan);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_OwnerEmail_MatchedToAWorkspaceMemberIgnoringCase(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var claire = await ws.AddUserAsync("Claire@Example.com");
        await ws.AddUserAsync("former@example.com", active: false);

        var rejected = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;ownerEmail\nA;A1;claire@EXAMPLE.com\nB;B1;former@example.com\n"));
        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;ownerEmail\nA;A1;claire@EXAMPLE.com\n"));

        OutcomeAssert.Rejected(rejected, (3, "ownerEmail"));
        OutcomeAssert.Succeeded(outcome, created: 1, updated: 0, unchanged: 0);
        Assert.Equal(new UserId(claire), Assert.Single(await AccountsAsync(ws)).OwnerId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_StatusColumn_ChurnsAndReactivatesThroughTheDomain(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var churn = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;status;churnedOn;churnReason\nA;A1;Résilié;15/03/2025;Faillite\n"));
        var churned = Assert.Single(await AccountsAsync(ws));
        var missingDate = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;status\nB;B1;churned\n"));

        var reactivate = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("externalId;name;status\nA1;A;actif\n"));

        OutcomeAssert.Succeeded(churn, created: 1, updated: 0, unchanged: 0);
        Assert.Equal((AccountStatus.Churned, new DateOnly(2025, 3, 15), ChurnReason.Bankruptcy), (churned.Status, churned.ChurnedOn, churned.ChurnReason));
        OutcomeAssert.Rejected(missingDate, (2, "churnedOn"));
        OutcomeAssert.Succeeded(reactivate, created: 0, updated: 1, unchanged: 0);
        var active = Assert.Single(await AccountsAsync(ws));
        Assert.Equal((AccountStatus.Active, (DateOnly?)null), (active.Status, active.ChurnedOn));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_MappingMissesRequiredFieldOrNamesAbsentColumn_ReturnsInvalid(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var path = ws.WriteFile("Société;Domaine\nAcme;acme.fr\n");

        var missing = await ws.TryImportAsync(ImportKind.Accounts, path, new Dictionary<string, string> { ["domain"] = "Domaine" });
        var absent = await ws.TryImportAsync(ImportKind.Accounts, path, new Dictionary<string, string> { ["name"] = "Nom" });

        Assert.Equal("name is required: choose the column that holds it.", Assert.IsType<Error.Invalid>(missing.Error).Detail);
        Assert.Contains("'Nom'", Assert.IsType<Error.Invalid>(absent.Error).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_TwentyThousandRows_ImportsAllInBatchesReportingProgress(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        var text = new StringBuilder("name;externalId;domain;mrr;startDate;tags\n");
        for (var i = 1; i <= 20_000; i++)
        {
            text.Append($"Company {i};EXT-{i};company{i}.fr;{i},50;01/01/2024;a|b\n");
        }

        var progress = new ProgressLog();
        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(text.ToString()), progress: progress);

        OutcomeAssert.Succeeded(outcome, created: 20_000, updated: 0, unchanged: 0);
        await using var db = ws.Context();
        Assert.Equal(20_000, await db.Accounts.CountAsync(TestWorkspace.Ct));
        Assert.Equal(20, progress.Reports.Count(p => p.Phase == ImportProgress.Validating));
        Assert.Equal(new ImportProgress(ImportProgress.Importing, 20_000), progress.Reports[^1]);
    }

    /// <summary>Sorted in memory: SQLite and PostgreSQL collations order accented names differently.</summary>
    private static async Task<List<Account>> AccountsAsync(TestWorkspace ws)
    {
        await using var db = ws.Context();
        var accounts = await db.Accounts.AsNoTracking().ToListAsync(TestWorkspace.Ct);
        return [.. accounts.OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    private static Encoding Latin1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}

/// <summary>Records reports synchronously, unlike <see cref="Progress{T}"/>, which posts them later.</summary>
internal sealed class ProgressLog : IProgress<ImportProgress>
{
    public List<ImportProgress> Reports { get; } = [];

    public void Report(ImportProgress value) => Reports.Add(value);
}
