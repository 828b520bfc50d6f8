using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Testing;
using static Parcours.Server.Tests.Agenda.AgendaTestKit;

namespace Parcours.Server.Tests.Agenda;

/// <summary>Two servers on one PostgreSQL database share the agenda: every item is handled by exactly one of them.</summary>
public sealed class AgendaClusterTests
{
    [Fact]
    public async Task TwoNodes_TwoThousandItems_EachHandledExactlyOnce_ByBothNodes()
    {
        PostgresServer.RequireConnectionString();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var clock = Clock.Fake();
        var log = new AgendaLog();
        var workspaces = new[] { await WorkspaceAsync(database, clock), await WorkspaceAsync(database, clock) };
        var settings = new Dictionary<string, string?> { ["Agenda:BatchSize"] = "25", ["Agenda:Concurrency"] = "8" };
        await using var one = await AgendaNode.StartAsync(database, clock, "node-1", log, settings);
        await using var two = await AgendaNode.StartAsync(database, clock, "node-2", log, settings);
        var due = clock.GetUtcNow().UtcDateTime.AddSeconds(1);
        // Written outside both nodes, as another node would: they find the items at their next poll.
        var scheduler = new AgendaScheduler(clock, new AgendaSignal());
        for (var w = 0; w < workspaces.Length; w++)
        {
            await using var db = Context(database, workspaces[w]);
            var entries = Enumerable.Range(0, 1000).Select(i => new AgendaEntry("test.count", due.AddMilliseconds(i % 50), $"w{w}-item-{i}")).ToList();
            Assert.Equal(1000, (await scheduler.ScheduleManyAsync(db, entries, Ct)).Value);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(async () =>
        {
            await using var db = database.CreateContext(new Parcours.Infrastructure.Workspaces.WorkspaceScope());
            return await db.AgendaItems.IgnoreQueryFilters([ParcoursDbContext.TenantFilter]).CountAsync(i => i.Status == AgendaStatus.Done, Ct) == 2000;
        }, "2,000 items done", seconds: 60);

        Assert.Equal(2000, log.Handled.Count);
        var duplicates = log.Handled.Where(h => h.Value.Count != 1).Select(h => h.Key).ToList();
        Assert.Empty(duplicates);
        var byNode = log.Handled.Values.GroupBy(runs => runs.Single().Node).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byNode.Count == 2, $"Both nodes should take part: {string.Join(", ", byNode.Select(n => $"{n.Key}={n.Value}"))}");
    }
}
