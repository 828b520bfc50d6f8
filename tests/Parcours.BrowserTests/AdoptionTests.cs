using System.Net;
using Microsoft.Playwright;
using Parcours.Testing;
using static Parcours.BrowserTests.Cockpit;

namespace Parcours.BrowserTests;

/// <summary>The adoption cockpit as a CSM sees it, fed through the real tracking API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdoptionTests(BrowserFixture browser)
{
    [Fact]
    public async Task AccountPage_WithUsage_ShowsTheChartFiguresFeaturesAndPeople()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var accountId = await UsingAccountAsync(workspace, "Fromagerie Lemoine", "FROM-1", "u-claire");

        await SignInAsync(page, workspace);
        await GoToAsync(page, $"/accounts/{accountId}");

        var panel = page.Locator("[data-testid=adoption-panel]");
        await Assertions.Expect(panel.Locator("[data-testid=adoption-chart] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("[data-testid=feature-row]", new() { HasText = "Rapports" })).ToContainTextAsync("Fidélisante");
        await Assertions.Expect(panel.Locator("tr", new() { HasText = "Claire Lemoine" })).ToContainTextAsync("Actif");
        await Assertions.Expect(panel).ToContainTextAsync("Étendue d'usage");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "account-adoption.png"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var (phone, phoneErrors) = await browser.NewPageAsync(390, 844);
        await SignInAsync(phone, workspace);
        await GoToAsync(phone, $"/accounts/{accountId}");
        await Assertions.Expect(phone.Locator("[data-testid=adoption-chart] svg").First).ToBeVisibleAsync();
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "account-adoption-phone.png"), FullPage = true });
        Assert.False(overflow, "The account page scrolls sideways on a phone.");
        Assert.True(phoneErrors.Count == 0, string.Join("\n", phoneErrors));
    }

    [Fact]
    public async Task AccountPage_WithoutUsage_SaysHowToSendEvents()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var account = (await (await workspace.Api().PostJsonAsync("/api/v1/accounts", new { name = "Garage Muller", externalId = "GAR-9" }))
            .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await SignInAsync(page, workspace);
        await GoToAsync(page, $"/accounts/{account}");

        var empty = page.Locator("[data-testid=adoption-empty]");
        await Assertions.Expect(empty).ToContainTextAsync("groupId = « GAR-9 »");
        await Assertions.Expect(empty.GetByRole(AriaRole.Link, new() { Name = "Créer une clé d'écriture et installer le suivi →" })).ToHaveAttributeAsync("href", "/settings/write-keys");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Overview_ShowsBands_AndABandFiltersTheAccounts()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        await UsingAccountAsync(workspace, "Brasserie Kern", "BRA-1", "u-paul");
        await workspace.Api().PostJsonAsync("/api/v1/accounts", new { name = "Cave Dormante", externalId = "CAVE-1" });

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/adoption");

        var bands = page.Locator("[data-testid=band-tiles]");
        foreach (var band in new[] { "Forte", "Moyenne", "Faible", "Inactif" })
        {
            await Assertions.Expect(bands).ToContainTextAsync(band);
        }

        var grid = page.Locator("[data-testid=adoption-grid]");
        await Assertions.Expect(grid.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(2);
        await bands.Locator("button", new() { HasText = "Inactif" }).ClickAsync();
        await Assertions.Expect(grid.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);
        await Assertions.Expect(grid).ToContainTextAsync("Cave Dormante");
        await Assertions.Expect(page.Locator("[data-testid=uncatalogued]")).ToContainTextAsync("Page Viewed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "adoption-overview.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task EventDebugger_ShowsAnEventSentAfterOpening_AndARejectedMessage()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace, "Application mobile");
        using var client = new HttpClient { BaseAddress = browser.Host.BaseAddress };

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/events");
        await Assertions.Expect(page.GetByText("Aucun événement reçu pour l'instant.")).ToBeVisibleAsync();

        await (await Tracking.PostAsync(client, "/v1/track", """{"userId":"u-live","event":"Invoice Sent","properties":{"amount":120}}""", key)).AssertOkJsonAsync();
        var row = page.Locator("[data-testid=event-row]", new() { HasText = "Invoice Sent" });
        await Assertions.Expect(row).ToContainTextAsync("u-live");
        await Assertions.Expect(row).ToContainTextAsync("Application mobile");
        await row.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=event-properties]")).ToContainTextAsync("\"amount\": 120");

        await (await Tracking.PostAsync(client, "/v1/batch",
            """{"batch":[{"type":"track","userId":"u-live","event":"Report Exported"},{"type":"track","event":"Lost Event"}]}""", key)).AssertOkJsonAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Erreurs" }).ClickAsync();
        var error = page.Locator("[data-testid=error-row]");
        await Assertions.Expect(error).ToContainTextAsync("userId or anonymousId is required");
        await Assertions.Expect(error).ToContainTextAsync("Message refusé");
        await error.Locator("summary").ClickAsync();
        await Assertions.Expect(error.Locator("pre")).ToContainTextAsync("Lost Event");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "event-debugger-errors.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>An account with one person in its map, a catalogue, and today's usage sent as the product would.</summary>
    private async Task<string> UsingAccountAsync(TestWorkspace workspace, string name, string externalId, string userId)
    {
        var api = workspace.Api();
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name, externalId, segment = "PME" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var lastName = name.Split(' ')[^1];
        var person = (await (await api.PostJsonAsync("/api/v1/people", new { firstName = "Claire", lastName, externalId = userId })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{person}", new { role = "EndUser", isSponsor = false })).AssertOkJsonAsync();
        await (await api.PutJsonAsync("/api/v1/adoption/features", new object[]
        {
            new { name = "Rapports", pattern = "Report *", kind = "Sticky", weight = 5 },
            new { name = "Factures", pattern = "Invoice *", kind = "Basic", weight = 2 },
        })).AssertOkJsonAsync();

        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        using var client = new HttpClient { BaseAddress = browser.Host.BaseAddress };
        await (await Tracking.PostAsync(client, "/v1/batch", $$"""
            {"batch":[
              {"type":"group","userId":"{{userId}}","groupId":"{{externalId}}"},
              {"type":"track","userId":"{{userId}}","event":"Signed In"},
              {"type":"track","userId":"{{userId}}","event":"Report Exported"},
              {"type":"track","userId":"{{userId}}","event":"Report Exported"},
              {"type":"page","userId":"{{userId}}","name":"Page Viewed"}
            ]}
            """, key)).AssertOkJsonAsync();
        return account;
    }
}
