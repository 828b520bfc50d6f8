using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Testing;
using static Parcours.Server.Tests.Agenda.AgendaTestKit;

namespace Parcours.Server.Tests.Agenda;

/// <summary>
/// The worker in a real server on each database, on a fake clock: 60 days pass in seconds, restarts lose and repeat
/// nothing, failures back off then park, parked items are replayed or cancelled, and sends are never repeated blindly.
/// </summary>
public abstract class AgendaWorkerTests(DatabaseProvider provider)
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Agenda:MaxAttempts"] = "3",
        ["Agenda:BaseBackoff"] = "00:00:30",
        ["Agenda:MaxBackoff"] = "00:10:00",
    };

    [Fact]
    public async Task Playbook_SixtyDaysOfSteps_EachRunsOnceOnTime_ByMovingTheClock()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        var workspace = await WorkspaceAsync(database, clock);
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", log);
        var start = clock.GetUtcNow().UtcDateTime;
        var subjects = Enumerable.Range(1, 10).Select(i => $"customer-{i}").ToList();
        await ScheduleAsync(node, workspace, [.. subjects.Select(s => new AgendaEntry("test.playbook", start, $"playbook:{s}:0", s, "0"))]);

        var step = TimeSpan.FromHours(6);
        while (clock.GetUtcNow().UtcDateTime < start.AddDays(61))
        {
            await SettledAsync(database, workspace, clock);
            clock.Advance(step);
        }

        await SettledAsync(database, workspace, clock);
        Assert.Equal(subjects.Count * PlaybookHandler.Days.Length, log.Handled.Count);
        foreach (var subject in subjects)
        {
            for (var i = 0; i < PlaybookHandler.Days.Length; i++)
            {
                var run = Assert.Single(log.Handled[$"playbook:{subject}:{i}"]);
                var due = start.AddDays(PlaybookHandler.Days[i]);
                Assert.InRange(run.At, due, due + step);
            }
        }

        Assert.All(await ItemsAsync(database, workspace), i => Assert.Equal((AgendaStatus.Done, 1), (i.Status, i.Attempts)));
    }

    [Fact]
    public async Task Restart_HostStoppedMidRun_NewHostFinishes_EveryItemOnce()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        var workspace = await WorkspaceAsync(database, clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var first = await AgendaNode.StartAsync(database, clock, "node-1", log);
        await ScheduleAsync(first, workspace, [.. Enumerable.Range(0, 600).Select(i => new AgendaEntry("test.count", now.AddHours(i / 300), $"k-{i}"))]);

        await WaitUntilAsync(() => Task.FromResult(log.Handled.Count >= 50), "the first host to start working");
        await first.DisposeAsync();
        await using var second = await AgendaNode.StartAsync(database, clock, "node-2", log);
        clock.Advance(TimeSpan.FromHours(1));
        await SettledAsync(database, workspace, clock);

        Assert.Equal(600, log.Handled.Count);
        Assert.All(log.Handled.Values, runs => Assert.Single(runs));
        Assert.Contains(log.Handled.Values, runs => runs.Single().Node == "node-2");
        Assert.All(await ItemsAsync(database, workspace), i => Assert.Equal(AgendaStatus.Done, i.Status));
    }

    [Fact]
    public async Task Crash_HandlersAbandonedAtShutdown_RunAgainOnAnotherHostWithinOneLease()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        var workspace = await WorkspaceAsync(database, clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var first = await AgendaNode.StartAsync(database, clock, "node-1", log, shutdownTimeout: TimeSpan.FromMilliseconds(300));
        await ScheduleAsync(first, workspace, [.. Enumerable.Range(0, 3).Select(i => new AgendaEntry("test.count", now, $"hung-{i}", Payload: "block"))]);
        await ScheduleAsync(first, workspace, [.. Enumerable.Range(0, 20).Select(i => new AgendaEntry("test.count", now, $"quick-{i}"))]);
        await WaitUntilAsync(() => Task.FromResult(log.Entered.Count == 3 && log.Handled.Count == 20), "the hung and the quick items to start");

        await first.DisposeAsync();
        var abandoned = (await ItemsAsync(database, workspace)).Where(i => i.Status == AgendaStatus.Running).ToList();
        await using var second = await AgendaNode.StartAsync(database, clock, "node-2", log);
        clock.Advance(TimeSpan.FromSeconds(45));
        await SettledAsync(database, workspace, clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(async () => (await ItemsAsync(database, workspace)).All(i => i.Status == AgendaStatus.Done), "the abandoned items to be reclaimed");

        Assert.Equal(3, abandoned.Count);
        Assert.Equal(23, log.Handled.Count);
        Assert.All(log.Handled.Values, runs => Assert.Single(runs));
        var reclaimed = (await ItemsAsync(database, workspace)).Where(i => i.IdempotencyKey.StartsWith("hung-", StringComparison.Ordinal)).ToList();
        Assert.All(reclaimed, i => Assert.Equal((2, 2L), (i.Attempts, i.Fence)));
        Assert.All(log.Handled.Where(h => h.Key.StartsWith("hung-", StringComparison.Ordinal)), h =>
        {
            Assert.Equal("node-2", h.Value.Single().Node);
            Assert.True(h.Value.Single().At <= now + TimeSpan.FromSeconds(46), "reclaimed within one lease (45 s) and one poll");
        });
    }

    [Fact]
    public async Task FailingHandler_BacksOffWithJitter_ParksAfterMaxAttempts_ThenReplayRunsIt()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", log, FastRetries);
        var workspace = await TestWorkspace.CreateAsync(node);
        var start = clock.GetUtcNow().UtcDateTime;
        await ScheduleAsync(node, workspace.Workspace.Id, new AgendaEntry("test.flaky", start, "flaky-1", "customer-1", "3"));

        var first = await WaitForAsync(database, workspace, i => i.Attempts == 1 && i.Status == AgendaStatus.Pending);
        Assert.InRange(first.DueAt, start.AddSeconds(15), start.AddSeconds(30));
        Assert.Equal("TimeoutException: Provider timed out (call 1).", first.LastError);
        clock.Advance(first.DueAt - start);
        var second = await WaitForAsync(database, workspace, i => i.Attempts == 2 && i.Status == AgendaStatus.Pending);
        Assert.InRange(second.DueAt - first.DueAt, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        clock.Advance(second.DueAt - first.DueAt);
        var parked = await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Parked);
        Assert.Equal("Gave up after 3 attempts. Last error: TimeoutException: Provider timed out (call 3).", parked.LastError);

        var api = workspace.Api();
        var listed = await (await api.GetAsync("/api/v1/agenda/parked", Ct)).AssertOkJsonAsync();
        Assert.Equal(parked.Id.ToString(), listed[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await workspace.Api(Roles.Manager).PostAsync($"/api/v1/agenda/{parked.Id}/replay", null, Ct)).StatusCode);
        var replayed = await (await api.PostAsync($"/api/v1/agenda/{parked.Id}/replay", null, Ct)).AssertOkJsonAsync();
        Assert.Equal("Pending", replayed.GetProperty("status").GetString());
        await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Done);
        Assert.Single(log.Handled["flaky-1"]);
        await (await api.PostAsync($"/api/v1/agenda/{parked.Id}/replay", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "agenda_item_not_replayable");
    }

    [Fact]
    public async Task UnknownKind_IsParkedWithAClearError_AndCanBeCancelled()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", new AgendaLog());
        var workspace = await TestWorkspace.CreateAsync(node);
        await ScheduleAsync(node, workspace.Workspace.Id, new AgendaEntry("test.nobody", clock.GetUtcNow().UtcDateTime, "orphan"));

        var parked = await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Parked);
        var cancelled = await (await workspace.Api().PostAsync($"/api/v1/agenda/{parked.Id}/cancel", null, Ct)).AssertOkJsonAsync();

        Assert.Equal("No handler for the kind 'test.nobody' on this server. Replay it once a server that knows it runs.", parked.LastError);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        var overview = await (await workspace.Api().GetAsync("/api/v1/agenda", Ct)).AssertOkJsonAsync();
        Assert.Equal("Cancelled", overview.GetProperty("counts")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task AgendaPage_Admin_SeesTheParkedItemWithItsError_AndTheNavLink()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", new AgendaLog());
        var workspace = await TestWorkspace.CreateAsync(node);
        await ScheduleAsync(node, workspace.Workspace.Id, new AgendaEntry("test.nobody", clock.GetUtcNow().UtcDateTime, "orphan", "customer-7"));
        await ScheduleAsync(node, workspace.Workspace.Id, new AgendaEntry("test.count", clock.GetUtcNow().UtcDateTime.AddDays(3), "later", "customer-8"));
        await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Parked);
        var browser = node.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add("X-Test-Client-Address", "10.6.0.1");
        Assert.Equal(HttpStatusCode.Redirect, (await Api.LoginForm.PostAsync(browser, workspace.Admin.Email!, workspace.AdminPassword)).StatusCode);

        var page = await browser.GetStringAsync("/agenda", Ct);

        Assert.Contains("href=\"/agenda\"", page, StringComparison.Ordinal);
        Assert.Contains("No handler for the kind &#x27;test.nobody&#x27;", page, StringComparison.Ordinal);
        Assert.Contains("customer-7", page, StringComparison.Ordinal);
        Assert.Contains("Relancer", page, StringComparison.Ordinal);
        Assert.Contains("customer-8", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_CrashAfterSending_IsParkedAsUncertain_NotSentAgain_UntilAPersonReplays()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", log, FastRetries);
        var workspace = await TestWorkspace.CreateAsync(node);
        log.Email.BreakAfterSending("mail-1");
        await ScheduleAsync(node, workspace.Workspace.Id, new AgendaEntry("test.email", clock.GetUtcNow().UtcDateTime, "mail-1"));

        var retry = await WaitForAsync(database, workspace, i => i.Attempts == 1 && i.Status == AgendaStatus.Pending);
        clock.Advance(TimeSpan.FromSeconds(30));
        var parked = await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Parked);

        Assert.StartsWith("IOException", retry.LastError, StringComparison.Ordinal);
        Assert.StartsWith("Delivery uncertain", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(["mail-1"], log.Email.Calls);

        await (await workspace.Api().PostAsync($"/api/v1/agenda/{parked.Id}/replay", null, Ct)).AssertOkJsonAsync();
        await WaitForAsync(database, workspace, i => i.Status == AgendaStatus.Done);
        Assert.Equal(["mail-1", "mail-1"], log.Email.Calls);
        await using var db = Context(database, workspace.Workspace.Id);
        var effect = await db.AgendaEffects.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((AgendaEffectStatus.Completed, "ref-mail-1", 1), (effect.Status, effect.Reference, effect.Attempts));
    }

    [Fact]
    public async Task Sms_CrashAfterSending_ResendsWithTheSameKey_AndTheProviderDeliversOnce()
    {
        await using var database = await DatabaseAsync();
        var clock = Clock.Fake();
        var log = new AgendaLog();
        await using var node = await AgendaNode.StartAsync(database, clock, "node-1", log, FastRetries);
        var workspace = await WorkspaceAsync(database, clock);
        log.Sms.BreakAfterSending("sms-1");
        await ScheduleAsync(node, workspace, new AgendaEntry("test.sms", clock.GetUtcNow().UtcDateTime, "sms-1"));

        await WaitUntilAsync(async () => (await ItemsAsync(database, workspace)).Single() is { Attempts: 1, Status: AgendaStatus.Pending }, "the first attempt to fail");
        clock.Advance(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(async () => (await ItemsAsync(database, workspace)).Single().Status == AgendaStatus.Done, "the resend");

        Assert.Equal(["sms-1", "sms-1"], log.Sms.Calls);
        Assert.Equal(["sms-1"], log.Sms.Delivered);
    }

    private async Task<TestDatabase> DatabaseAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            PostgresServer.RequireConnectionString();
        }

        return await TestDatabase.CreateAsync(provider);
    }

    private static async Task<AgendaItem> WaitForAsync(TestDatabase database, TestWorkspace workspace, Func<AgendaItem, bool> match)
    {
        AgendaItem? found = null;
        await WaitUntilAsync(async () => (found = (await ItemsAsync(database, workspace.Workspace.Id)).SingleOrDefault(match)) is not null, "the item's state");
        return found!;
    }
}

public sealed class AgendaWorkerSqliteTests() : AgendaWorkerTests(DatabaseProvider.Sqlite);

public sealed class AgendaWorkerPostgresTests() : AgendaWorkerTests(DatabaseProvider.Postgres);
