using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Bench;

/// <summary>
/// dotnet run -c Release --project bench/Parcours.Bench -- [scenario ...] [--runs N] [--rows N] [--people-rows N]
/// Prints the machine, then a Markdown table of the median, min and max of each measure over the runs.
/// </summary>
internal static class Program
{
    private const string PostgresVariable = "PARCOURS_BENCH_POSTGRES";
    private const string DefaultPostgres = "Host=localhost;Username=postgres;Password=postgres";

    private static readonly IReadOnlyList<IScenario> Scenarios =
    [
        new ImportScenario(), new AccountsListScenario(), new DemoScenario(),
        new IngestScenario(), new IngestCrashScenario(), new UsageQueryScenario(), new AgendaScenario(), new AgendaCrashScenario(),
    ];

    /// <summary>What runs when no scenario is named: the ingestion scenarios take long and are asked for by name.</summary>
    private static readonly IReadOnlyList<string> DefaultScenarios = ["import", "accounts-list", "demo"];

    public static async Task<int> Main(string[] args)
    {
        if (Parse(args) is not { } parsed)
        {
            Console.Error.WriteLine(Usage());
            return 2;
        }

        var (scenarios, options) = parsed;
        var ct = CancellationToken.None;
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured : DefaultPostgres;
        var (version, problem) = await BenchDatabase.ProbePostgresAsync(postgres, ct);
        List<BenchTarget> targets = [new(DatabaseProvider.Sqlite, null)];
        if (version is not null)
        {
            targets.Add(new BenchTarget(DatabaseProvider.Postgres, postgres));
        }

        var output = new StringBuilder();
        output.AppendLine(Header(args, options, version, problem));
        Console.Write(output);
        var measures = new List<Measure>();
        using var files = new BenchFiles();
        var benchOptions = new BenchOptions(options.Runs, options.Rows, options.PeopleRows, files, TimeSpan.FromSeconds(options.DurationSeconds), options.Clients, TimeSpan.FromSeconds(options.LeaseSeconds));
        try
        {
            foreach (var scenario in scenarios)
            {
                foreach (var target in targets)
                {
                    measures.AddRange(await scenario.RunAsync(target, benchOptions, ct));
                }
            }
        }
        catch (BenchFailure failure)
        {
            Console.Error.WriteLine($"FAILED: {failure.Message}");
            return 1;
        }

        Console.WriteLine(Table(measures));
        Console.WriteLine($"Load average at the end: {LoadAverage()} (other processes share the machine when it is above the core count).");
        if (version is null)
        {
            Console.WriteLine($"PostgreSQL rows were skipped: {problem} (set {PostgresVariable} to a server's connection string).");
        }

        return 0;
    }

    private static (IReadOnlyList<IScenario> Scenarios, (int Runs, int Rows, int PeopleRows, int DurationSeconds, int Clients, int LeaseSeconds) Options)? Parse(string[] args)
    {
        var names = new List<string>();
        int runs = 5, rows = 100_000, peopleRows = -1, duration = 30, clients = 8, lease = 20;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0:
                case "--rows" when i + 1 < args.Length && int.TryParse(args[i + 1], out rows) && rows >= 3:
                case "--people-rows" when i + 1 < args.Length && int.TryParse(args[i + 1], out peopleRows) && peopleRows >= 3:
                case "--duration" when i + 1 < args.Length && int.TryParse(args[i + 1], out duration) && duration >= 1:
                case "--clients" when i + 1 < args.Length && int.TryParse(args[i + 1], out clients) && clients >= 1:
                case "--lease" when i + 1 < args.Length && int.TryParse(args[i + 1], out lease) && lease is >= 3 and <= 3600:
                    i++;
                    break;
                case var name when !name.StartsWith('-') && Scenarios.Any(s => s.Name == name):
                    names.Add(name);
                    break;
                default:
                    Console.Error.WriteLine($"Not understood: '{args[i]}'.");
                    return null;
            }
        }

        var chosen = Scenarios.Where(s => names.Count == 0 ? DefaultScenarios.Contains(s.Name) : names.Contains(s.Name)).ToList();
        return (chosen, (runs, rows, peopleRows < 0 ? rows : Math.Min(peopleRows, 3 * rows), duration, clients, lease));
    }

    private static string Usage() =>
        "usage: dotnet run -c Release --project bench/Parcours.Bench -- [scenario ...] [--runs N] [--rows N] [--people-rows N] [--duration S] [--clients N] [--lease S]\n"
        + $"  (no scenario: {string.Join(", ", DefaultScenarios)})\n"
        + string.Concat(Scenarios.Select(s => $"  {s.Name,-14} {s.Description}\n"))
        + "  --runs N       runs per measure (default 5); the table shows their median, min and max\n"
        + "  --rows N       accounts in the CSV file and the workspace (default 100000)\n"
        + "  --people-rows N  people in the CSV file, stakeholders of the first N/3 accounts (default: as --rows, at most 3 x --rows)\n"
        + "  --duration S   seconds of each ingestion pass (default 30; 600 for the ten-minute run)\n"
        + "  --clients N    concurrent HTTP clients of the ingestion passes (default 8)\n"
        + "  --lease S      agenda lease of the agenda-crash server, heartbeat a third of it (default 20; the product's is 45)\n"
        + $"PostgreSQL: {PostgresVariable} (default {DefaultPostgres}); when unreachable its rows are skipped.";

    private static string Header(string[] args, (int Runs, int Rows, int PeopleRows, int DurationSeconds, int Clients, int LeaseSeconds) options, string? postgresVersion, string? postgresProblem)
    {
        var build = typeof(Program).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        var lines = new StringBuilder();
        lines.AppendLine(CultureInfo.InvariantCulture, $"## Parcours benchmarks, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        lines.AppendLine();
        lines.AppendLine("| | |");
        lines.AppendLine("|---|---|");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {CpuModel()}, {Environment.ProcessorCount} cores |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Memory | {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / Memory.MiB / 1024:0.0} GiB |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| OS | {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}) |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {RuntimeInformation.FrameworkDescription}, {build} build, {gc} |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| SQLite | file in {Path.GetTempPath()}, WAL |");
        lines.AppendLine(postgresVersion is not null
            ? $"| PostgreSQL | {postgresVersion} ({PostgresVariable} or the localhost default) |"
            : $"| PostgreSQL | skipped: {postgresProblem} |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Command | `dotnet run -c Release --project bench/Parcours.Bench --{string.Concat(args.Select(a => " " + a))}` |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Data | {options.Rows:N0} accounts, {options.PeopleRows:N0} people |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Ingestion | {options.DurationSeconds} s per pass, {options.Clients} HTTP clients |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Runs | {options.Runs} per measure: the table gives their median, min and max |");
        lines.AppendLine(CultureInfo.InvariantCulture, $"| Load average at start | {LoadAverage()} |");
        return lines.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel()
    {
        const string file = "/proc/cpuinfo";
        var model = File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Table(IReadOnlyList<Measure> measures)
    {
        var table = new StringBuilder();
        table.AppendLine("| Scenario | Provider | Measure | Median | Min | Max | Note |");
        table.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var m in measures)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Scenario} | {m.Provider} | {m.Name} | {Format(m.Median, m.Unit)} | {Format(m.Values.Min(), m.Unit)} | {Format(m.Values.Max(), m.Unit)} | {m.Note} |");
        }

        return table.ToString();
    }

    private static string Format(double value, string unit) => unit switch
    {
        "s" => value.ToString("0.00 's'", CultureInfo.InvariantCulture),
        "ms" => value.ToString("0.0 'ms'", CultureInfo.InvariantCulture),
        "MiB" => value.ToString("N0", CultureInfo.InvariantCulture) + " MiB",
        "rows/s" => value.ToString("N0", CultureInfo.InvariantCulture) + " rows/s",
        "items/s" => value.ToString("N0", CultureInfo.InvariantCulture) + " items/s",
        "events/s" => value.ToString("N0", CultureInfo.InvariantCulture) + " events/s",
        "%" => value.ToString("0", CultureInfo.InvariantCulture) + " %",
        "us/event" => value.ToString("0.0", CultureInfo.InvariantCulture) + " µs/event",
        "x" => value.ToString("0.00", CultureInfo.InvariantCulture) + "x",
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };
}

/// <summary>Where the harness is, on stderr, so stdout stays the table to paste.</summary>
internal static class Progress
{
    private static readonly long Started = TimeProvider.System.GetTimestamp();

    public static void Write(string message) =>
        Console.Error.WriteLine($"[{TimeProvider.System.GetElapsedTime(Started):hh\\:mm\\:ss}] {message}");
}
