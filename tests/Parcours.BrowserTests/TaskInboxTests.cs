using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Parcours.Testing;
using static Parcours.BrowserTests.Cockpit;

namespace Parcours.BrowserTests;

/// <summary>The task inbox as a CSM uses it: overdue first, then today and what comes, by account, completed with an outcome and a note.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskInboxTests(BrowserFixture browser)
{
    [Fact]
    public async Task Inbox_SortsOverdueFirst_FiltersByAccount_AndCompletesWithOutcomeAndNote()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var api = workspace.Api();
        var account = await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Boulangeries Martin" })).AssertOkJsonAsync(HttpStatusCode.Created);
        var accountId = account.GetProperty("id").GetString();
        // The browser talks to a real server on real time.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var me = workspace.Admin.Id;
        await (await api.PostJsonAsync("/api/v1/tasks", new { assigneeId = me, title = "Appeler Boulangeries Martin", dueAt = now.AddDays(-2), accountId })).AssertOkJsonAsync();
        await (await api.PostJsonAsync("/api/v1/tasks", new { assigneeId = me, title = "Préparer le comité", dueAt = now.AddDays(3) })).AssertOkJsonAsync();

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/tasks");
        var overdue = page.Locator("[data-testid=tasks-overdue] + div");
        await Assertions.Expect(page.Locator("[data-testid=tasks-overdue]")).ToContainTextAsync("(1)");
        await Assertions.Expect(overdue).ToContainTextAsync("Appeler Boulangeries Martin");
        await Assertions.Expect(overdue).ToContainTextAsync("Boulangeries Martin");
        await Assertions.Expect(page.Locator("[data-testid=tasks-upcoming] + div")).ToContainTextAsync("Préparer le comité");

        await page.Locator("[data-testid=task-account]").SelectOptionAsync(new SelectOptionValue { Label = "Boulangeries Martin" });
        await Assertions.Expect(page.Locator("[data-testid=tasks-upcoming]")).ToContainTextAsync("(0)");

        var row = overdue.Locator("tr", new() { HasText = "Appeler Boulangeries Martin" });
        await row.Locator("[data-testid=outcome-kind]").SelectOptionAsync(new SelectOptionValue { Label = "Client joint" });
        await row.Locator("input").FillAsync("Tout va bien, formation le 12");
        await row.Locator("button", new() { HasText = "Terminer" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=tasks-overdue]")).ToContainTextAsync("(0)");

        var done = await api.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/tasks?open=false", TestContext.Current.CancellationToken);
        Assert.Contains(done!, t => t.GetProperty("outcome").GetString() == "Client joint — Tout va bien, formation le 12");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
