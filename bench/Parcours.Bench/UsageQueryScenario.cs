using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Parcours.Domain.Adoption;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Adoption;

namespace Parcours.Bench;

/// <summary>
/// Issue 4's adoption query with 10 million events in the store. The rollups that 10M events summarize into are written
/// directly (SQLite: prepared inserts in large transactions; PostgreSQL: binary COPY): 2,000 accounts of 8 users each
/// over 210 days, about 10M events in all, as account and person rows of <c>usage_days</c> and <c>usage_event_days</c>.
/// Then <see cref="AdoptionQueries"/> plus <see cref="AdoptionCalculator.Compute"/> for 200 random accounts per run.
/// </summary>
internal sealed class UsageQueryScenario : IScenario
{
    private const int Accounts = 2_000;
    private const int UsersPerAccount = 8;
    private const int Days = 210;
    private const int QueriesPerRun = 200;
    private const int WarmUpQueries = 20;

    private static readonly string[] Names =
    [
        "Signed In", "Dashboard Viewed", "Invoice Created", "Invoice Sent", "Report Exported", "Customer Added", "Payment Reconciled",
        "Search Performed", "Filter Applied", "Comment Posted", "File Uploaded", "Settings Changed", "Integration Connected",
        "Export Scheduled", "Team Member Invited", "Quote Converted", "Reminder Sent", "Bank Synced", "Budget Created",
        "Expense Approved", "Tag Added", "Template Edited", "API Token Created", "Audit Log Viewed",
    ];

    public string Name => "usage-query";

    public string Description => "one account's adoption reads (usage_days, usage_event_days) with 10M events' rollups";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        Progress.Write($"usage-query / {target.Name}: writing the rollups of ~10M events ({Accounts:N0} accounts x {Days} days)");
        var clock = TimeProvider.System;
        var loadStarted = clock.GetTimestamp();
        var load = target.Provider == DatabaseProvider.Sqlite
            ? await LoadSqliteAsync(database.ConnectionString, workspace, today, ct)
            : await LoadPostgresAsync(database.ConnectionString, workspace, today, ct);
        var loadSeconds = clock.GetElapsedTime(loadStarted).TotalSeconds;
        Progress.Write($"usage-query / {target.Name}: {load.Events:N0} events as {load.DayRows:N0} usage_days and {load.EventDayRows:N0} usage_event_days rows in {loadSeconds:0} s");

        var catalogue = FeatureCatalogue.Create(Names.Take(10).Select((n, i) =>
            Feature.Create(n, n, i < 4 ? FeatureKind.Basic : FeatureKind.Sticky, 1 + (i % 3)).Value)).Value;
        var logins = new HashSet<string>(["Signed In"], StringComparer.Ordinal);
        var random = new Random(7);
        for (var i = 0; i < WarmUpQueries; i++)
        {
            await TimeAsync(database, workspace, AccountKey(random.Next(Accounts)), today, catalogue, logins, ct);
        }

        var p50 = new List<double>();
        var p95 = new List<double>();
        var rowsRead = 0L;
        for (var run = 1; run <= options.Runs; run++)
        {
            Progress.Write($"usage-query / {target.Name}: run {run} of {options.Runs}");
            var latencies = new List<double>(QueriesPerRun);
            for (var i = 0; i < QueriesPerRun; i++)
            {
                var (ms, rows) = await TimeAsync(database, workspace, AccountKey(random.Next(Accounts)), today, catalogue, logins, ct);
                latencies.Add(ms);
                rowsRead += rows;
            }

            p50.Add(Stats.Percentile(latencies, 50));
            p95.Add(Stats.Percentile(latencies, 95));
        }

        var analyzed = target.Provider == DatabaseProvider.Postgres ? "ANALYZE after the load" : "no ANALYZE (as in production)";
        const string S = "usage-query";
        return
        [
            new(S, target.Name, "rollups of 10M events: load", "s", [loadSeconds],
                $"{load.Events:N0} events -> {load.DayRows:N0} usage_days + {load.EventDayRows:N0} usage_event_days rows; {analyzed}"),
            new(S, target.Name, "one account, 217 days + 30 days of events: p50", "ms", p50,
                $"AdoptionQueries.FiguresAsync (the API's read: 2 queries + AdoptionCalculator.Compute) on a new context; {rowsRead / (options.Runs * QueriesPerRun):N0} active days in 30 on average"),
            new(S, target.Name, "one account, 217 days + 30 days of events: p95", "ms", p95, $"{QueriesPerRun} random accounts a run"),
        ];
    }

    private static string AccountKey(int account) => $"acct-{account:D4}";

    /// <summary>One account's figures through the product's own read (AdoptionQueries.FiguresAsync), on a new context.</summary>
    private static async Task<(double Milliseconds, int Rows)> TimeAsync(
        BenchDatabase database, WorkspaceId workspace, string account, DateOnly today, FeatureCatalogue catalogue, IReadOnlySet<string> logins, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var rules = new AdoptionRules(catalogue, logins, InactivityRule.Default);
        var figures = await Server.Features.Adoption.AdoptionQueries.FiguresAsync(db, UsageSubject.Account, account, rules, today, ct);
        var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
        if (figures.LastActiveDay is null)
        {
            throw new BenchFailure($"No usage found for {account}: the load did not write what the query reads.");
        }

        return (elapsed, figures.ActiveDays30);
    }

    private sealed record LoadCounts(long Events, long DayRows, long EventDayRows);

    /// <summary>The rows of one account, generated with a seed per account so that both providers get the same data.</summary>
    private static void Generate(int account, DateOnly today, Action<UsageSubjectRow> day, Action<UsageEventRow> eventDay, ref long events)
    {
        var random = new Random(account);
        var level = 0.25 + (0.75 * random.NextDouble());
        var accountKey = AccountKey(account);
        var personCounts = new int[Names.Length];
        var accountCounts = new int[Names.Length];
        for (var d = Days; d >= 1; d--)
        {
            var date = today.AddDays(-d + 1);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var p = 0.75 * level * (weekend ? 0.3 : 1);
            Array.Clear(accountCounts);
            int accountEvents = 0, active = 0;
            for (var u = 0; u < UsersPerAccount; u++)
            {
                if (random.NextDouble() >= p)
                {
                    continue;
                }

                Array.Clear(personCounts);
                var n = 1 + random.Next(0, 15);
                for (var e = 0; e < n; e++)
                {
                    var name = (int)(Names.Length * Math.Pow(random.NextDouble(), 3));
                    personCounts[name]++;
                    accountCounts[name]++;
                }

                var person = $"user-{account:D4}-{u}";
                day(new UsageSubjectRow(0, person, date, n, 1, accountKey));
                for (var name = 0; name < Names.Length; name++)
                {
                    if (personCounts[name] > 0)
                    {
                        eventDay(new UsageEventRow(0, person, date, Names[name], personCounts[name]));
                    }
                }

                accountEvents += n;
                active++;
            }

            if (active == 0)
            {
                continue;
            }

            events += accountEvents;
            day(new UsageSubjectRow(1, accountKey, date, accountEvents, active, null));
            for (var name = 0; name < Names.Length; name++)
            {
                if (accountCounts[name] > 0)
                {
                    eventDay(new UsageEventRow(1, accountKey, date, Names[name], accountCounts[name]));
                }
            }
        }
    }

    private readonly record struct UsageSubjectRow(int Kind, string Key, DateOnly Day, int Events, int ActiveUsers, string? AccountKey);

    private readonly record struct UsageEventRow(int Kind, string Key, DateOnly Day, string EventName, int Count);

    private static async Task<LoadCounts> LoadSqliteAsync(string connectionString, WorkspaceId workspace, DateOnly today, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        var w = workspace.Value.ToString().ToUpperInvariant();
        long events = 0, dayRows = 0, eventDayRows = 0;
        const int AccountsPerTransaction = 100;
        for (var first = 0; first < Accounts; first += AccountsPerTransaction)
        {
            await using var transaction = connection.BeginTransaction();
            await using var days = Prepared(connection, transaction, """
                INSERT INTO usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers", "AccountKey")
                VALUES ($w, $s, $k, $d, $e, $u, $a)
                """, "$w", "$s", "$k", "$d", "$e", "$u", "$a");
            await using var eventDays = Prepared(connection, transaction, """
                INSERT INTO usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count")
                VALUES ($w, $s, $k, $d, $n, $c)
                """, "$w", "$s", "$k", "$d", "$n", "$c");
            for (var account = first; account < Math.Min(Accounts, first + AccountsPerTransaction); account++)
            {
                Generate(account, today, r =>
                {
                    Run(days, w, r.Kind, r.Key, Text(r.Day), r.Events, r.ActiveUsers, r.AccountKey);
                    dayRows++;
                }, r =>
                {
                    Run(eventDays, w, r.Kind, r.Key, Text(r.Day), r.EventName, r.Count);
                    eventDayRows++;
                }, ref events);
            }

            await transaction.CommitAsync(ct);
        }

        return new LoadCounts(events, dayRows, eventDayRows);

        static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static async Task<LoadCounts> LoadPostgresAsync(string connectionString, WorkspaceId workspace, DateOnly today, CancellationToken ct)
    {
        await using var daysConnection = new NpgsqlConnection(connectionString);
        await using var eventsConnection = new NpgsqlConnection(connectionString);
        await daysConnection.OpenAsync(ct);
        await eventsConnection.OpenAsync(ct);
        long events = 0, dayRows = 0, eventDayRows = 0;
        var w = workspace.Value;
        // The generator's callbacks are synchronous: the importers buffer and flush as they go.
        using (var days = daysConnection.BeginBinaryImport("""COPY usage_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "Events", "ActiveUsers", "AccountKey") FROM STDIN (FORMAT BINARY)"""))
        using (var eventDays = eventsConnection.BeginBinaryImport("""COPY usage_event_days ("WorkspaceId", "SubjectKind", "SubjectKey", "Day", "EventName", "Count") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var account = 0; account < Accounts; account++)
            {
                Generate(account, today, r =>
                {
                    days.StartRow();
                    days.Write(w, NpgsqlDbType.Uuid);
                    days.Write(r.Kind, NpgsqlDbType.Integer);
                    days.Write(r.Key, NpgsqlDbType.Text);
                    days.Write(r.Day, NpgsqlDbType.Date);
                    days.Write(r.Events, NpgsqlDbType.Integer);
                    days.Write(r.ActiveUsers, NpgsqlDbType.Integer);
                    if (r.AccountKey is null)
                    {
                        days.WriteNull();
                    }
                    else
                    {
                        days.Write(r.AccountKey, NpgsqlDbType.Text);
                    }

                    dayRows++;
                }, r =>
                {
                    eventDays.StartRow();
                    eventDays.Write(w, NpgsqlDbType.Uuid);
                    eventDays.Write(r.Kind, NpgsqlDbType.Integer);
                    eventDays.Write(r.Key, NpgsqlDbType.Text);
                    eventDays.Write(r.Day, NpgsqlDbType.Date);
                    eventDays.Write(r.EventName, NpgsqlDbType.Text);
                    eventDays.Write(r.Count, NpgsqlDbType.Integer);
                    eventDayRows++;
                }, ref events);
            }

            days.Complete();
            eventDays.Complete();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE usage_days, usage_event_days", daysConnection);
        await analyze.ExecuteNonQueryAsync(ct);
        return new LoadCounts(events, dayRows, eventDayRows);
    }
}
