using Parcours.Infrastructure.Imports;

namespace Parcours.Bench;

/// <summary>
/// Imports N accounts, then N people linked to them as stakeholders, through <see cref="CsvImporter"/> into a fresh migrated
/// database, and imports each file a second time, which must change nothing. One warm-up run with a small file first,
/// so the runs measure the import and not the JIT.
/// </summary>
internal sealed class ImportScenario : IScenario
{
    private const int WarmUpRows = 2_000;

    public string Name => "import";

    public string Description => "CSV import of accounts, then of people linked to them; each file imported twice";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        await RunOnceAsync(target, options.Files.Accounts(WarmUpRows), options.Files.People(WarmUpRows, WarmUpRows), WarmUpRows, WarmUpRows, ct);

        var accountsFile = options.Files.Accounts(options.Rows);
        var peopleFile = options.Files.People(options.PeopleRows, options.Rows);
        var runs = new List<Run>();
        for (var i = 1; i <= options.Runs; i++)
        {
            Progress.Write($"import / {target.Name}: run {i} of {options.Runs}");
            runs.Add(await RunOnceAsync(target, accountsFile, peopleFile, options.Rows, options.PeopleRows, ct));
        }

        return
        [
            .. Measures(target, "accounts", runs.ConvertAll(r => r.Accounts), runs.ConvertAll(r => r.AccountsAgain), accountsFile, options.Rows),
            .. Measures(target, "people", runs.ConvertAll(r => r.People), runs.ConvertAll(r => r.PeopleAgain), peopleFile, options.PeopleRows),
        ];
    }

    private static async Task<Run> RunOnceAsync(
        BenchTarget target, string accountsFile, string peopleFile, int rows, int peopleRows, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var accounts = await BenchWorkspace.ImportAsync(database, workspace, ImportKind.Accounts, accountsFile, ct);
        ExpectCreated("accounts", accounts.Outcome, rows);
        var accountsAgain = await BenchWorkspace.ImportAsync(database, workspace, ImportKind.Accounts, accountsFile, ct);
        ExpectUnchanged("accounts", accountsAgain.Outcome, rows);
        var people = await BenchWorkspace.ImportAsync(database, workspace, ImportKind.People, peopleFile, ct);
        ExpectCreated("people", people.Outcome, peopleRows);
        var peopleAgain = await BenchWorkspace.ImportAsync(database, workspace, ImportKind.People, peopleFile, ct);
        ExpectUnchanged("people", peopleAgain.Outcome, peopleRows);
        return new Run(accounts, accountsAgain, people, peopleAgain);
    }

    private static IEnumerable<Measure> Measures(
        BenchTarget target, string kind, List<ImportRun> first, List<ImportRun> again, string file, int rows)
    {
        var fileMiB = new FileInfo(file).Length / Memory.MiB;
        var commandsPerRow = Stats.Median(first.ConvertAll(r => (double)r.WriteCommands)) / rows;
        var peakNote = first.TrueForAll(r => r.PeakIsPerRun)
            ? $"file {fileMiB:0.0} MiB; peak of this import alone"
            : $"file {fileMiB:0.0} MiB; the OS could not reset the peak: process-wide";
        return
        [
            new("import", target.Name, $"{kind}: {rows:N0} rows, total", "s", first.ConvertAll(r => r.Total.TotalSeconds)),
            new("import", target.Name, $"{kind}: throughput", "rows/s", first.ConvertAll(r => rows / r.Total.TotalSeconds), "validation + write"),
            new("import", target.Name, $"{kind}: validation pass", "s", first.ConvertAll(r => r.Validation.TotalSeconds)),
            new("import", target.Name, $"{kind}: write pass", "s", first.ConvertAll(r => r.Write.TotalSeconds)),
            new("import", target.Name, $"{kind}: SQL commands in write pass", "count", first.ConvertAll(r => (double)r.WriteCommands),
                $"{commandsPerRow:0.00} per row"),
            new("import", target.Name, $"{kind}: peak working set", "MiB", first.ConvertAll(r => r.PeakWorkingSet / Memory.MiB), peakNote),
            new("import", target.Name, $"{kind}: second import of the same file", "s", again.ConvertAll(r => r.Total.TotalSeconds),
                "asserted: every row unchanged"),
        ];
    }

    private static void ExpectCreated(string kind, ImportOutcome outcome, int rows)
    {
        if (outcome.TotalRows != rows || outcome.Created != rows)
        {
            throw new BenchFailure($"The first {kind} import should create {rows} rows: {outcome}.");
        }
    }

    private static void ExpectUnchanged(string kind, ImportOutcome outcome, int rows)
    {
        if (outcome.TotalRows != rows || outcome.Unchanged != rows || outcome.Created != 0 || outcome.Updated != 0)
        {
            throw new BenchFailure(
                $"The second {kind} import of the same file must leave every row unchanged, but it reported {outcome.Created} created, "
                + $"{outcome.Updated} updated and {outcome.Unchanged} unchanged of {outcome.TotalRows}.");
        }
    }

    private sealed record Run(ImportRun Accounts, ImportRun AccountsAgain, ImportRun People, ImportRun PeopleAgain);
}
