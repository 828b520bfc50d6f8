using Parcours.Domain.Common;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Accounts;
using Parcours.Server.Features.Shared;

namespace Parcours.Bench;

/// <summary>
/// The accounts grid's query (<see cref="AccountQueries.ListAsync"/>) on a workspace of N accounts and the people mapped as
/// stakeholders of the first third of them, loaded once through the importer. Each query gets a new context, as each HTTP request or grid refresh does.
/// </summary>
internal sealed class AccountsListScenario : IScenario
{
    private const int QueriesPerRun = 200;
    private const int WarmUpQueries = 20;
    private const double TargetMs = 100;

    private const int DeepPage = 500;

    public string Name => "accounts-list";

    public string Description => "the accounts grid query: p50/p95 latency of four typical requests";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        var workspace = await BenchWorkspace.CreateAsync(database, ct);
        Progress.Write($"accounts-list / {target.Name}: importing {options.Rows:N0} accounts and {options.PeopleRows:N0} people");
        await BenchWorkspace.ImportAsync(database, workspace, ImportKind.Accounts, options.Files.Accounts(options.Rows), ct);
        await BenchWorkspace.ImportAsync(database, workspace, ImportKind.People, options.Files.People(options.PeopleRows, options.Rows), ct);

        // Page 500 of 50 needs 25,000 accounts; a smaller workspace gets its last page instead.
        var deepPage = Math.Min(DeepPage, options.Rows / Paging.DefaultPageSize);
        (string Label, AccountListQuery Query)[] queries =
        [
            ("first page, sort=name", new AccountListQuery { Sort = "name" }),
            ("search=lyon", new AccountListQuery { Search = "lyon" }),
            ("segment=PME&atRisk=true", new AccountListQuery { Segment = "PME", AtRisk = true }),
            ($"page={deepPage}, sort=name", new AccountListQuery { Page = deepPage, Sort = "name" }),
        ];

        var measures = new List<Measure>();
        foreach (var (label, query) in queries)
        {
            var total = 0;
            for (var i = 0; i < WarmUpQueries; i++)
            {
                total = (await TimeAsync(database, workspace, query, ct)).Total;
            }

            if (total == 0)
            {
                throw new BenchFailure($"The query '{label}' found no account: the data set does not exercise it.");
            }

            var p50 = new List<double>();
            var p95 = new List<double>();
            for (var run = 1; run <= options.Runs; run++)
            {
                Progress.Write($"accounts-list / {target.Name}: {label}, run {run} of {options.Runs}");
                var latencies = new List<double>(QueriesPerRun);
                for (var i = 0; i < QueriesPerRun; i++)
                {
                    latencies.Add((await TimeAsync(database, workspace, query, ct)).Milliseconds);
                }

                p50.Add(Stats.Percentile(latencies, 50));
                p95.Add(Stats.Percentile(latencies, 95));
            }

            var verdict = Stats.Median(p95) < TargetMs ? $"under {TargetMs:0} ms" : $"OVER {TargetMs:0} ms";
            measures.Add(new("accounts-list", target.Name, $"{label}: p50", "ms", p50, $"{total:N0} matches"));
            measures.Add(new("accounts-list", target.Name, $"{label}: p95", "ms", p95, $"{verdict} ({QueriesPerRun} queries a run)"));
        }

        return measures;
    }

    private static async Task<(double Milliseconds, int Total)> TimeAsync(
        BenchDatabase database, WorkspaceId workspace, AccountListQuery query, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var scope = new WorkspaceScope();
        scope.Enter(workspace);
        await using var db = database.CreateContext(scope);
        var page = await AccountQueries.ListAsync(db, query, ct);
        var elapsed = clock.GetElapsedTime(started).TotalMilliseconds;
        if (page.Items.Count == 0 && page.Total > 0)
        {
            throw new BenchFailure($"Page {page.Page} came back empty although {page.Total} accounts match.");
        }

        return (elapsed, page.Total);
    }
}
