using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Journeys;
using Parcours.Testing;
using static Parcours.BrowserTests.Cockpit;

namespace Parcours.BrowserTests;

/// <summary>
/// The journeys as a CX lead and a manager meet them, on the demo's six months of answers: the interactive journey with
/// live scores, a drill-down to a point's answers and a customer's path, the printable static map, the callback inbox
/// where a call is recorded, and the customer's temperature on the account page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserFixture browser)
{
    private static readonly string Shots = Environment.GetEnvironmentVariable("PARCOURS_SHOTS") ?? "/tmp/shots";

    [Fact]
    public async Task DemoJourney_InteractiveMap_DrillsDownToAnswersAndPath_AndTheInboxRecordsACall()
    {
        var (page, errors) = await browser.NewPageAsync(1400, 900);
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var api = workspace.Api();
        Guid? account = null;
        for (var i = 0; i < 16; i++)
        {
            var person = (await (await api.PostJsonAsync("/api/v1/people", new { firstName = $"Client{i}", lastName = i % 2 == 0 ? "Martin" : "Durand", email = $"client{i}-{Guid.NewGuid():N}@exemple.fr" }))
                .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            if (i % 2 == 0)
            {
                var created = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = $"Boulangerie {i}", segment = i % 4 == 0 ? "PME" : "ETI", plan = "Pro" }))
                    .AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                (await api.PutJsonAsync($"/api/v1/accounts/{created}/stakeholders/{person}", new { role = "EndUser" })).EnsureSuccessStatusCode();
                account ??= created;
            }
        }

        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace.Workspace.Id);
            await scope.ServiceProvider.GetRequiredService<DemoSurveys>().SeedAsync(scope.ServiceProvider.GetRequiredService<ParcoursDbContext>(), 7, CancellationToken.None);
        }

        Directory.CreateDirectory(Shots);
        await SignInAsync(page, workspace);
        await GoToAsync(page, "/journeys");
        await Assertions.Expect(page.Locator("[data-testid=journeys] a[href='/journeys/ecommerce']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-list.png"), FullPage = true });

        await GoToAsync(page, "/journeys/ecommerce");
        var card = page.Locator("[data-testid=point-after_sales_call]");
        await Assertions.Expect(card.Locator("[data-testid=score-after_sales_call]")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("[data-testid=status-product_in_use]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Objectif atteint|Sous l'objectif"));
        await Assertions.Expect(page.Locator("[data-testid=answers] tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-interactive.png"), FullPage = true });

        await card.Locator("[data-testid=drill-after_sales_call]").ClickAsync();
        await Assertions.Expect(page.Locator("#answers")).ToContainTextAsync("J'appelle le service après-vente");
        await page.Locator("[data-testid=filter-band]").SelectOptionAsync("Low");
        await Assertions.Expect(page.Locator("[data-testid=answers] tbody tr").First.Locator(".score-Low")).ToBeVisibleAsync();
        await page.Locator("[data-testid=answers] tbody tr").First.Locator("button.link-button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=customer-path] li").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=customer-path]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-drilldown.png"), FullPage = true });

        await GoToAsync(page, "/journeys/ecommerce?view=static");
        await Assertions.Expect(page.Locator("[data-testid=static-map]")).ToContainTextAsync("Logistique");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-static.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-static-print.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await GoToAsync(page, "/callbacks");
        var first = page.Locator("[data-testid=callbacks] article.callback").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var id = (await first.GetAttributeAsync("data-testid"))!["callback-".Length..];
        await page.Locator($"[data-testid=notes-{id}]").FillAsync("Client joint, il attendait surtout un suivi.");
        await page.Locator($"[data-testid=record-{id}]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=callback-{id}]")).ToContainTextAsync("Client joint, il attendait surtout un suivi.");
        await Assertions.Expect(page.Locator($"[data-testid=state-{id}]")).ToHaveTextAsync("Rappelé");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-callbacks.png"), FullPage = true });

        await GoToAsync(page, $"/accounts/{account}");
        await Assertions.Expect(page.Locator("[data-testid=temperature]")).ToContainTextAsync("Température du client");
        await page.Locator("[data-testid=temperature]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "journey-temperature.png"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
