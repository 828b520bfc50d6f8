using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Adoption;
using Parcours.Testing;

namespace Parcours.Server.Tests.Adoption;

/// <summary>Usage sent through the tracking API, read back as adoption figures; the inactivity rule on a moving clock.</summary>
public abstract class AdoptionApiTests<THost>(THost host) where THost : ParcoursHost
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountAdoption_AfterUsageThroughTheTrackingApi_ReportsActiveDaysLoginsAndFeatures()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        var api = workspace.Api();
        await (await api.PutJsonAsync("/api/v1/adoption/features", new[]
        {
            new { name = "Reports", pattern = "Report *", kind = "Basic", weight = 1 },
            new { name = "Automation", pattern = "Workflow Run", kind = "Sticky", weight = 3 },
        })).AssertOkJsonAsync();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var messages = new List<string>
        {
            """{"type":"group","userId":"ana","groupId":"acme","traits":{"name":"Acme"}}""",
            """{"type":"group","userId":"bob","groupId":"acme"}""",
        };
        for (var daysAgo = 0; daysAgo < 10; daysAgo += 3)
        {
            messages.Add($$"""{"type":"track","userId":"ana","event":"Signed In","timestamp":"{{now.AddDays(-daysAgo):O}}"}""");
            messages.Add($$"""{"type":"track","userId":"ana","event":"Report Built","timestamp":"{{now.AddDays(-daysAgo):O}}"}""");
        }

        messages.Add($$"""{"type":"track","userId":"bob","event":"Signed In","timestamp":"{{now.AddDays(-20):O}}"}""");
        await (await Tracking.PostAsync(host.App.CreateClient(), "/v1/batch", $$"""{"batch":[{{string.Join(",", messages)}}]}""", key)).AssertOkJsonAsync();
        var accountId = await AccountIdAsync(workspace, "acme");

        var adoption = (await (await api.GetAsync($"/api/v1/accounts/{accountId}/adoption", Ct)).AssertOkJsonAsync()).GetProperty("adoption");

        Assert.Equal(3, adoption.GetProperty("activeDays7").GetInt32());
        Assert.Equal(5, adoption.GetProperty("activeDays30").GetInt32());
        Assert.Equal(5, adoption.GetProperty("logins30").GetInt32());
        Assert.Equal(0.25, adoption.GetProperty("breadth").GetDouble(), 3);
        Assert.Equal(0, adoption.GetProperty("stickyShare").GetDouble());
        Assert.Equal(210, adoption.GetProperty("daily").GetArrayLength());
        var reports = adoption.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Reports");
        Assert.Equal(4, reports.GetProperty("uses30").GetInt32());
    }

    [Fact]
    public async Task AccountAdoption_PeopleOfTheAccount_ShowLastLoginAndInactivity()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await (await Tracking.PostAsync(host.App.CreateClient(), "/v1/batch", $$"""
            {"batch":[
              {"type":"identify","userId":"cleo","traits":{"name":"Cléo Durand","email":"cleo@globex.example"},"timestamp":"{{now.AddDays(-30):O}}"},
              {"type":"identify","userId":"dan","traits":{"name":"Dan Petit"},"timestamp":"{{now.AddDays(-30):O}}"},
              {"type":"group","userId":"cleo","groupId":"globex","timestamp":"{{now.AddDays(-30):O}}"},
              {"type":"group","userId":"dan","groupId":"globex","timestamp":"{{now.AddDays(-30):O}}"},
              {"type":"track","userId":"cleo","event":"Signed In","timestamp":"{{now.AddDays(-1):O}}"},
              {"type":"track","userId":"dan","event":"Signed In","timestamp":"{{now.AddDays(-12):O}}"}]}
            """, key)).AssertOkJsonAsync();

        var reply = await (await workspace.Api().GetAsync($"/api/v1/accounts/{await AccountIdAsync(workspace, "globex")}/adoption", Ct)).AssertOkJsonAsync();

        var people = reply.GetProperty("people").EnumerateArray().ToDictionary(p => p.GetProperty("externalId").GetString()!);
        Assert.Equal(JsonValueKind.Null, people["cleo"].GetProperty("inactiveSince").ValueKind);
        Assert.Equal(DateOnly.FromDateTime(now.AddDays(-12)).AddDays(8).ToString("yyyy-MM-dd"), people["dan"].GetProperty("inactiveSince").GetString());
        Assert.Equal(DateOnly.FromDateTime(now.AddDays(-12)).ToString("yyyy-MM-dd"), people["dan"].GetProperty("lastLoginDay").GetString());
    }

    [Fact]
    public async Task PutFeatures_InvalidRowOrDuplicateName_IsRefusedAndKeepsTheCatalogue()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        await (await api.PutJsonAsync("/api/v1/adoption/features", new[] { new { name = "Reports", pattern = "Report *", kind = "Basic", weight = 2 } })).AssertOkJsonAsync();

        await (await api.PutJsonAsync("/api/v1/adoption/features", new[] { new { name = "Bad", pattern = "Bad", kind = "Basic", weight = 11 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PutJsonAsync("/api/v1/adoption/features", new[]
        {
            new { name = "Reports", pattern = "Report *", kind = "Basic", weight = 2 },
            new { name = "reports", pattern = "Export", kind = "Sticky", weight = 2 },
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await workspace.Api("CSM").PutJsonAsync("/api/v1/adoption/features", Array.Empty<object>())).AssertProblemAsync(HttpStatusCode.Forbidden);

        var features = await (await api.GetAsync("/api/v1/adoption/features", Ct)).AssertOkJsonAsync();
        Assert.Equal("Reports", Assert.Single(features.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task InactivityCheck_NoLoginPastTheRule_RaisesOneSignalPerEpisode()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        var api = workspace.Api();
        await (await api.PutJsonAsync("/api/v1/adoption/settings", new { loginEvents = new[] { "Signed In" }, inactivityDays = 3 })).AssertOkJsonAsync();
        await SendAsync(key, """{"type":"group","userId":"eve","groupId":"initech"}""", """{"type":"track","userId":"eve","event":"Signed In"}""");
        var monitor = host.Services.GetRequiredService<InactivityMonitor>();

        host.Clock.Advance(TimeSpan.FromDays(2));
        await monitor.CheckAllAsync(Ct);
        Assert.Empty(await SignalsAsync(workspace));

        host.Clock.Advance(TimeSpan.FromDays(3));
        await monitor.CheckAllAsync(Ct);
        await monitor.CheckAllAsync(Ct);
        var first = await SignalsAsync(workspace);
        Assert.Equal([InactivityMonitor.AccountSignal, InactivityMonitor.PersonSignal], first.Select(s => s.Name).Order());
        Assert.Equal("eve", first.Single(s => s.Name == InactivityMonitor.PersonSignal).UserId);

        await SendAsync(key, """{"type":"track","userId":"eve","event":"Signed In"}""");
        host.Clock.Advance(TimeSpan.FromDays(5));
        await monitor.CheckAllAsync(Ct);
        Assert.Equal(4, (await SignalsAsync(workspace)).Count);
    }

    private async Task SendAsync(string key, params string[] messages) =>
        await (await Tracking.PostAsync(host.App.CreateClient(), "/v1/batch", $$"""{"batch":[{{string.Join(",", messages)}}]}""", key)).AssertOkJsonAsync();

    private async Task<List<Infrastructure.Ingestion.RawEvent>> SignalsAsync(TestWorkspace workspace) =>
        (await Tracking.StoredAsync(host, workspace.Workspace.Id)).Where(e => e.Type == InactivityMonitor.SignalType).ToList();

    private async Task<Guid> AccountIdAsync(TestWorkspace workspace, string externalId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace.Workspace.Id);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        return (await db.Accounts.SingleAsync(a => a.ExternalId == externalId, Ct)).Id.Value;
    }
}

public sealed class AdoptionApiSqliteTests(SqliteHost host) : AdoptionApiTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class AdoptionApiPostgresTests(PostgresHost host) : AdoptionApiTests<PostgresHost>(host), IClassFixture<PostgresHost>;
