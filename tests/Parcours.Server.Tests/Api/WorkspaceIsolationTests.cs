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
        "GET /api/v1/accounts/{id:guid}/temperature", "GET /api/v1/people/{id:guid}/journey-path",
        "GET /api/v1/approvals/{id:guid}", "POST /api/v1/approvals/{id:guid}/cancel",
        "GET /api/v1/callbacks/{id:guid}", "POST /api/v1/callbacks/{id:guid}/attempts", "POST /api/v1/callbacks/{id:guid}/close",
        "GET /api/v1/enrolments/{id:guid}", "POST /api/v1/enrolments/{id:guid}/cancel", "POST /api/v1/enrolments/{id:guid}/migrate",
        "POST /api/v1/enrolments/{id:guid}/pause", "POST /api/v1/enrolments/{id:guid}/resume",
        "POST /api/v1/enrolments/{id:guid}/steps/{stepKey}/skip", "POST /api/v1/enrolments/{id:guid}/steps/{stepKey}/tick",
        "GET /api/v1/playbooks/{key}", "POST /api/v1/playbooks/{key}/archive", "POST /api/v1/playbooks/{key}/enrolments",
        "POST /api/v1/playbooks/{key}/enrolments/csv", "POST /api/v1/playbooks/{key}/publish", "POST /api/v1/playbooks/{key}/revise",
        "PUT /api/v1/playbooks/{key}/draft",
        "GET /api/v1/journeys/{key}", "GET /api/v1/journeys/{key}/action-plans", "GET /api/v1/journeys/{key}/figures",
        "GET /api/v1/journeys/{key}/points", "GET /api/v1/journeys/{key}/points/{point}/invitations", "POST /api/v1/journeys/{key}/action-plans",
        "POST /api/v1/journeys/{key}/activate", "POST /api/v1/journeys/{key}/deactivate", "GET /api/v1/surveys/{key}",
        // These name the caller's own workspace's row (a channel, a key to create or replace, a template to install):
        // there is no other workspace's id to aim at.
        "PUT /api/v1/solicitation/{channel}", "PUT /api/v1/journeys/{key}", "PUT /api/v1/surveys/{key}",
        "POST /api/v1/journeys/built-in/{key}", "POST /api/v1/playbooks/built-in/{key}",
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
        (await bApi.PostAsync("/api/v1/playbooks/built-in/new_employee", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var bEnrolment = (await (await bApi.PostJsonAsync("/api/v1/playbooks/new_employee/enrolments",
            new { personId = person, startAt = host.Clock.GetUtcNow().UtcDateTime.AddDays(200) })).AssertOkJsonAsync()).GetProperty("id").GetString();
        var bApproval = (await (await bApi.PostJsonAsync("/api/v1/approvals", new { accountId = account, title = "B secret frame", contacts = new[] { person } }))
            .AssertOkJsonAsync()).GetProperty("id").GetString();
        (await bApi.PostAsync("/api/v1/journeys/built-in/ecommerce", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var bJourney = await (await bApi.GetAsync("/api/v1/journeys/ecommerce", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        var bPoint = bJourney.GetProperty("definition").GetProperty("points")[0].GetProperty("key").GetString();
        var bSurvey = bJourney.GetProperty("definition").GetProperty("points")[0].GetProperty("surveyKey").GetString();
        var bCallback = await CallbackAsync(b, Guid.Parse(person!));
        var aApi = a.Api();

        var attempts = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/accounts/{account}/temperature", null),
            (HttpMethod.Get, $"/api/v1/people/{person}/journey-path", null),
            (HttpMethod.Get, $"/api/v1/approvals/{bApproval}", null),
            (HttpMethod.Post, $"/api/v1/approvals/{bApproval}/cancel", null),
            (HttpMethod.Get, $"/api/v1/callbacks/{bCallback}", null),
            (HttpMethod.Post, $"/api/v1/callbacks/{bCallback}/attempts", new { reached = true, notes = "Hijacked" }),
            (HttpMethod.Post, $"/api/v1/callbacks/{bCallback}/close", new { outcome = "Hijacked" }),
            (HttpMethod.Get, $"/api/v1/enrolments/{bEnrolment}", null),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/pause", null),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/resume", null),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/migrate", new { version = 1 }),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/steps/welcome_email/skip", new { reason = "Hijacked" }),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/steps/equipment_ready/tick", null),
            (HttpMethod.Post, $"/api/v1/enrolments/{bEnrolment}/cancel", null),
            (HttpMethod.Get, "/api/v1/playbooks/new_employee", null),
            (HttpMethod.Put, "/api/v1/playbooks/new_employee/draft", new { key = "new_employee" }),
            (HttpMethod.Post, "/api/v1/playbooks/new_employee/publish", null),
            (HttpMethod.Post, "/api/v1/playbooks/new_employee/revise", null),
            (HttpMethod.Post, "/api/v1/playbooks/new_employee/archive", null),
            (HttpMethod.Post, "/api/v1/playbooks/new_employee/enrolments", new { personId = person }),
            (HttpMethod.Post, "/api/v1/playbooks/new_employee/enrolments/csv", null),
            (HttpMethod.Get, "/api/v1/journeys/ecommerce", null),
            (HttpMethod.Get, "/api/v1/journeys/ecommerce/figures", null),
            (HttpMethod.Get, "/api/v1/journeys/ecommerce/points", null),
            (HttpMethod.Get, "/api/v1/journeys/ecommerce/action-plans", null),
            (HttpMethod.Post, "/api/v1/journeys/ecommerce/action-plans", new { pointKey = bPoint, title = "Hijacked", ownerId = a.Admin.Id, dueOn = "2030-01-01" }),
            (HttpMethod.Post, "/api/v1/journeys/ecommerce/activate", null),
            (HttpMethod.Post, "/api/v1/journeys/ecommerce/deactivate", null),
            (HttpMethod.Get, $"/api/v1/surveys/{bSurvey}", null),
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

        // A list under another workspace's key is this workspace's (empty) list: nothing of B's in it.
        var invitations = await aApi.GetAsync($"/api/v1/journeys/ecommerce/points/{bPoint}/invitations", TestContext.Current.CancellationToken);
        Assert.True(invitations.StatusCode == HttpStatusCode.NotFound || (await invitations.AssertOkJsonAsync()).GetArrayLength() == 0);
        var bEnrolmentNow = await (await bApi.GetAsync($"/api/v1/enrolments/{bEnrolment}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Running", bEnrolmentNow.GetProperty("state").GetString());
        var bApprovalNow = await (await bApi.GetAsync($"/api/v1/approvals/{bApproval}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Pending", bApprovalNow.GetProperty("status").GetString());
        var bPlaybook = await (await bApi.GetAsync("/api/v1/playbooks/new_employee", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(("Published", 1), (bPlaybook.GetProperty("status").GetString(), bPlaybook.GetProperty("version").GetInt32()));

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
        // B's own message and B's approval request, untouched.
        Assert.Equal(2, (await (await bApi.GetAsync($"/api/v1/people/{person}/messages", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetArrayLength());
    }

    /// <summary>An open callback of the workspace about <paramref name="person"/>, written as an answer would open it.</summary>
    private async Task<Guid> CallbackAsync(TestWorkspace workspace, Guid person)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Parcours.Infrastructure.Workspaces.WorkspaceScope>().Enter(workspace.Workspace.Id);
        var db = scope.ServiceProvider.GetRequiredService<Parcours.Infrastructure.Persistence.ParcoursDbContext>();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var row = new Parcours.Infrastructure.Surveys.CallbackRow
        {
            WorkspaceId = workspace.Workspace.Id, Id = Guid.CreateVersion7(), ResponseId = Guid.CreateVersion7(), PersonId = new Parcours.Domain.Common.PersonId(person),
            JourneyKey = "ecommerce", PointKey = "parcel_received", AssigneeId = workspace.Admin.Id, OpenedAt = now, DueAt = now.AddDays(2), Reasons = "Detractor",
        };
        db.Callbacks.Add(row);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return row.Id;
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

        var uncovered = routes.Except(CoveredRoutes).ToList();
        var gone = CoveredRoutes.Except(routes).ToList();
        Assert.True(uncovered.Count == 0 && gone.Count == 0,
            $"Routes with an id that the isolation test does not aim at: {string.Join(", ", uncovered)}. Listed but gone: {string.Join(", ", gone)}.");
    }
}

public sealed class WorkspaceIsolationSqliteTests(SqliteHost host) : WorkspaceIsolationTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class WorkspaceIsolationPostgresTests(PostgresHost host) : WorkspaceIsolationTests<PostgresHost>(host), IClassFixture<PostgresHost>;
