using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

/// <summary>A key of workspace A, aimed at every record of workspace B through every route that takes an id.</summary>
public abstract class WorkspaceIsolationTests<THost>(THost host) where THost : ParcoursHost
{
    private static readonly string[] CoveredRoutes =
    [
        "GET /api/v1/accounts/{id:guid}", "PUT /api/v1/accounts/{id:guid}", "DELETE /api/v1/accounts/{id:guid}",
        "POST /api/v1/accounts/{id:guid}/churn", "POST /api/v1/accounts/{id:guid}/reactivate",
        "GET /api/v1/people/{id:guid}", "PUT /api/v1/people/{id:guid}", "DELETE /api/v1/people/{id:guid}",
        "GET /api/v1/accounts/{accountId:guid}/stakeholders/", "PUT /api/v1/accounts/{accountId:guid}/stakeholders/{personId:guid}",
        "DELETE /api/v1/accounts/{accountId:guid}/stakeholders/{personId:guid}",
        "GET /api/v1/imports/{id:guid}", "POST /api/v1/imports/{id:guid}/start", "DELETE /api/v1/api-keys/{id:guid}",
        "DELETE /api/v1/write-keys/{id:guid}", "GET /api/v1/accounts/{id:guid}/adoption", "GET /api/v1/people/{id:guid}/adoption",
        "POST /api/v1/agenda/{id:guid}/replay", "POST /api/v1/agenda/{id:guid}/cancel",
        "PUT /api/v1/message-templates/{id:guid}", "GET /api/v1/people/{personId:guid}/messages", "POST /api/v1/people/{personId:guid}/messages",
        "GET /api/v1/people/{personId:guid}/in-app-messages", "POST /api/v1/people/{personId:guid}/in-app-messages/{messageId:guid}/read",
        "DELETE /api/v1/webhooks/{id:guid}", "POST /api/v1/webhooks/{id:guid}/test", "POST /api/v1/tasks/{id:guid}/complete",
        // The channel names the caller's own workspace's row: there is no other workspace's id to aim at.
        "PUT /api/v1/solicitation/{channel}",
    ];

    [Fact]
    public async Task EveryIdRoute_WithAnotherWorkspacesIds_Returns404AndChangesNothing()
    {
        var a = await TestWorkspace.CreateAsync(host, "A");
        var b = await TestWorkspace.CreateAsync(host, "B");
        var bApi = b.Api();
        var account = (await (await bApi.PostJsonAsync("/api/v1/accounts", new { name = "B secret account" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var person = (await (await bApi.PostJsonAsync("/api/v1/people", new { firstName = "B", lastName = "Secret", email = "secret@b.fr" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await bApi.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{person}", new { role = "EndUser" })).AssertOkJsonAsync();
        var bKeyId = (await (await bApi.GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken)).AssertOkJsonAsync())[0].GetProperty("id").GetString();
        var bWriteKey = (await (await bApi.PostJsonAsync("/api/v1/write-keys", new { name = "B web app" })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("writeKey").GetProperty("id").GetString();
        var bAgendaItem = await ScheduleAsync(b, "b-secret-reminder");
        var bTemplate = (await (await bApi.PostJsonAsync("/api/v1/message-templates", new { name = "B secret", channel = "InApp",
            variants = new[] { new { locale = "fr", subject = "B", body = "Secret de B" } } })).AssertOkJsonAsync()).GetProperty("id").GetString();
        var bMessage = (await (await bApi.PostJsonAsync($"/api/v1/people/{person}/messages", new { templateId = bTemplate, dueAt = "2030-01-01T00:00:00Z" }))
            .AssertOkJsonAsync()).GetProperty("messageId").GetString();
        var bHook = (await (await bApi.PostJsonAsync("/api/v1/webhooks", new { url = "https://b.example/hooks" })).AssertOkJsonAsync())
            .GetProperty("endpoint").GetProperty("id").GetString();
        var bTask = (await (await bApi.PostJsonAsync("/api/v1/tasks", new { assigneeId = b.Admin.Id, title = "B secret call", dueAt = "2030-01-01T00:00:00Z" }))
            .AssertOkJsonAsync()).GetProperty("id").GetString();
        var aApi = a.Api();

        var attempts = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/accounts/{account}", null),
            (HttpMethod.Get, $"/api/v1/accounts/{account}/adoption", null),
            (HttpMethod.Get, $"/api/v1/people/{person}/adoption", null),
            (HttpMethod.Put, $"/api/v1/accounts/{account}", new { name = "Hijacked" }),
            (HttpMethod.Delete, $"/api/v1/accounts/{account}", null),
            (HttpMethod.Post, $"/api/v1/accounts/{account}/churn", new { churnedOn = "2026-01-01", reason = "Other" }),
            (HttpMethod.Post, $"/api/v1/accounts/{account}/reactivate", null),
            (HttpMethod.Get, $"/api/v1/people/{person}", null),
            (HttpMethod.Put, $"/api/v1/people/{person}", new { firstName = "Hijacked", lastName = "X", email = "x@a.fr" }),
            (HttpMethod.Delete, $"/api/v1/people/{person}", null),
            (HttpMethod.Get, $"/api/v1/accounts/{account}/stakeholders", null),
            (HttpMethod.Put, $"/api/v1/accounts/{account}/stakeholders/{person}", new { role = "TechnicalInfluencer" }),
            (HttpMethod.Delete, $"/api/v1/accounts/{account}/stakeholders/{person}", null),
            (HttpMethod.Get, $"/api/v1/imports/{Guid.NewGuid()}", null),
            (HttpMethod.Post, $"/api/v1/imports/{Guid.NewGuid()}/start", new { mapping = new { } }),
            (HttpMethod.Delete, $"/api/v1/api-keys/{bKeyId}", null),
            (HttpMethod.Delete, $"/api/v1/write-keys/{bWriteKey}", null),
            (HttpMethod.Post, $"/api/v1/agenda/{bAgendaItem}/replay", null),
            (HttpMethod.Post, $"/api/v1/agenda/{bAgendaItem}/cancel", null),
            (HttpMethod.Put, $"/api/v1/message-templates/{bTemplate}", new { name = "Hijacked", channel = "InApp", variants = new[] { new { locale = "fr", subject = "x", body = "x" } } }),
            (HttpMethod.Get, $"/api/v1/people/{person}/messages", null),
            (HttpMethod.Post, $"/api/v1/people/{person}/messages", new { templateId = bTemplate }),
            (HttpMethod.Get, $"/api/v1/people/{person}/in-app-messages", null),
            (HttpMethod.Post, $"/api/v1/people/{person}/in-app-messages/{bMessage}/read", null),
            (HttpMethod.Delete, $"/api/v1/webhooks/{bHook}", null),
            (HttpMethod.Post, $"/api/v1/webhooks/{bHook}/test", null),
            (HttpMethod.Post, $"/api/v1/tasks/{bTask}/complete", new { outcome = "Hijacked" }),
        };
        foreach (var (method, url, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
            var response = await aApi.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} gave {(int)response.StatusCode}");
        }

        var stillThere = await (await bApi.GetAsync($"/api/v1/accounts/{account}/stakeholders", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("EndUser", stillThere.GetProperty("stakeholders")[0].GetProperty("role").GetString());
        var bAccount = await (await bApi.GetAsync($"/api/v1/accounts/{account}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("B secret account", bAccount.GetProperty("name").GetString());
        Assert.Equal("Active", bAccount.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bApi.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
        var bWriteKeys = await (await bApi.GetAsync("/api/v1/write-keys", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bWriteKeys[0].GetProperty("revokedAt").ValueKind);
        var aList = await (await aApi.GetAsync("/api/v1/people?search=secret", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(0, aList.GetProperty("total").GetInt32());
        var bAgenda = await (await bApi.GetAsync("/api/v1/agenda", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Pending", bAgenda.GetProperty("upcoming")[0].GetProperty("status").GetString());
        var aAgenda = await (await aApi.GetAsync("/api/v1/agenda", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(0, aAgenda.GetProperty("upcoming").GetArrayLength());
        Assert.Equal(0, (await (await aApi.GetAsync("/api/v1/message-templates", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetArrayLength());
        Assert.Equal(0, (await (await aApi.GetAsync("/api/v1/webhooks", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetArrayLength());
        Assert.Equal(0, (await (await aApi.GetAsync("/api/v1/tasks", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetArrayLength());
        var bTasks = await (await bApi.GetAsync("/api/v1/tasks", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(("B secret call", "Open"), (bTasks[0].GetProperty("title").GetString(), bTasks[0].GetProperty("status").GetString()));
        Assert.Equal(1, (await (await bApi.GetAsync($"/api/v1/people/{person}/messages", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetArrayLength());
    }

    /// <summary>An agenda item of the workspace, due in a year so no worker touches it during the test.</summary>
    private async Task<Guid> ScheduleAsync(TestWorkspace workspace, string key)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Parcours.Infrastructure.Workspaces.WorkspaceScope>().Enter(workspace.Workspace.Id);
        var db = scope.ServiceProvider.GetRequiredService<Parcours.Infrastructure.Persistence.ParcoursDbContext>();
        var entry = new Parcours.Infrastructure.Agenda.AgendaEntry("test.none", host.Clock.GetUtcNow().UtcDateTime.AddYears(1), key);
        Assert.True((await scope.ServiceProvider.GetRequiredService<Parcours.Infrastructure.Agenda.AgendaScheduler>().ScheduleAsync(db, entry, TestContext.Current.CancellationToken)).Value);
        return (await db.AgendaItems.SingleAsync(i => i.IdempotencyKey == key, TestContext.Current.CancellationToken)).Id;
    }

    [Fact]
    public async Task Cockpit_SignedInToA_CannotSeeBsPagesOrExports()
    {
        var a = await TestWorkspace.CreateAsync(host, "A");
        var b = await TestWorkspace.CreateAsync(host, "B");
        var bApi = b.Api();
        var account = (await (await bApi.PostJsonAsync("/api/v1/accounts", new { name = "Compte secret de B" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var person = (await (await bApi.PostJsonAsync("/api/v1/people", new { firstName = "Personne", lastName = "Secrète", email = "secrete@b.fr" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var browser = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add("X-Test-Client-Address", $"10.4.{Random.Shared.Next(255)}.{Random.Shared.Next(255)}");
        Assert.Equal(HttpStatusCode.Redirect, (await LoginForm.PostAsync(browser, a.Admin.Email!, a.AdminPassword)).StatusCode);

        var accountPage = await browser.GetStringAsync($"/accounts/{account}", TestContext.Current.CancellationToken);
        var personPage = await browser.GetStringAsync($"/people/{person}", TestContext.Current.CancellationToken);
        var exports = await browser.GetStringAsync("/exports/accounts.csv", TestContext.Current.CancellationToken)
            + await browser.GetStringAsync("/exports/people.csv", TestContext.Current.CancellationToken);

        Assert.Contains("existe pas", accountPage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", accountPage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("existe pas", personPage, StringComparison.Ordinal);
        Assert.DoesNotContain("secrete@b.fr", personPage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", exports, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void IdRoutes_AreAllCoveredByTheIsolationTest()
    {
        host.RequireAvailable();
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true && e.RoutePattern.Parameters.Count > 0)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();

        Assert.Equal(CoveredRoutes.Order(), routes);
    }
}

public sealed class WorkspaceIsolationSqliteTests(SqliteHost host) : WorkspaceIsolationTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class WorkspaceIsolationPostgresTests(PostgresHost host) : WorkspaceIsolationTests<PostgresHost>(host), IClassFixture<PostgresHost>;
