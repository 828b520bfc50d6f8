using System.Text;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class CsvExporterTests(ImportDatabases databases) : IClassFixture<ImportDatabases>
{
    public static TheoryData<DatabaseProvider> Providers => ImportDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAccountsAsync_ThenReimport_ChangesNothing(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.AddUserAsync("claire@example.com");
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(
            "name;externalId;domain;segment;mrr;currency;ownerEmail;lifecycleStage;startDate;renewalDate;tags;status;churnedOn;churnReason;churnNote\n"
            + "Acme;A1;acme.fr;\"SMB, \"\"core\"\"\";1 234,56;EUR;claire@example.com;Expansion;01/02/2024;01/02/2025;a,b|;;;;\n"
            + "=Formula Corp;F1;;;;USD;;;;;vip|paris;;;;\n"
            + "Gone;G1;gone.fr;;0,99;;;;01/01/2023;;;churned;15/06/2024;Prix;\"Trop cher;\nvraiment\"\n"
            + "Domain only;;domain-only.fr;;;;;;;;;;;;\n"));
        ws.Clock.Advance(TimeSpan.FromDays(1));

        var export = await ExportAsync(ws, ImportKind.Accounts, ';');
        var outcome = await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile(export));

        OutcomeAssert.Succeeded(outcome, created: 0, updated: 0, unchanged: 4);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WritePeopleAsync_ThenReimport_ChangesNothing(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.People, ws.WriteFile(
            "firstName,lastName,email,phone,jobTitle,locale,timeZone,externalId,kind,consentSms,tags\n"
            + "Léa,Roux,lea@x.fr,+33 6 12 34 56 78,\"DSI, adjointe\",en,America/Montreal,E1,Employé,oui,onboarding\n"
            + "Paul,Blanc,,,,,,E2,,,\n"));
        ws.Clock.Advance(TimeSpan.FromDays(1));

        var export = await ExportAsync(ws, ImportKind.People, ',');
        var outcome = await ws.ImportAsync(ImportKind.People, ws.WriteFile(export));

        OutcomeAssert.Succeeded(outcome, created: 0, updated: 0, unchanged: 2);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAccountsAsync_AnyAccount_Utf8BomKeysAsHeadersIsoDatesDotDecimals(DatabaseProvider provider)
    {
        using var ws = await TestWorkspace.CreateAsync(databases, provider);
        await ws.ImportAsync(ImportKind.Accounts, ws.WriteFile("name;externalId;mrr;startDate;tags\n=Évian;E1;1 234,5;01/02/2024;b|a\nBeta;B1;;;\n"));

        var export = await ExportAsync(ws, ImportKind.Accounts, ';');

        Assert.Equal(Encoding.UTF8.GetPreamble(), export.Take(3));
        var lines = Encoding.UTF8.GetString(export.AsSpan(3)).Split("\r\n");
        Assert.Equal(
            "name;domain;externalId;segment;plan;mrr;currency;ownerEmail;lifecycleStage;startDate;renewalDate;tags;status;churnedOn;churnReason;churnNote",
            lines[0]);
        Assert.Contains("\"'=Évian\";;E1;;;1234.50;EUR;;Onboarding;2024-02-01;;a|b;Active;;;", lines);
        Assert.Contains("Beta;;B1;;;;EUR;;Onboarding;;;;Active;;;", lines);
    }

    private static async Task<byte[]> ExportAsync(TestWorkspace ws, ImportKind kind, char delimiter)
    {
        await using var db = ws.Context();
        using var buffer = new MemoryStream();
        var output = new AsyncOnlyStream(buffer);
        if (kind == ImportKind.Accounts)
        {
            await CsvExporter.WriteAccountsAsync(db, output, delimiter, TestWorkspace.Ct);
        }
        else
        {
            await CsvExporter.WritePeopleAsync(db, output, delimiter, TestWorkspace.Ct);
        }

        return buffer.ToArray();
    }

    /// <summary>Fails on synchronous writes, as Kestrel's response body does by default.</summary>
    private sealed class AsyncOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new InvalidOperationException("Synchronous flush.");

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
