using System.Net;
using Microsoft.Playwright;
using Parcours.Testing;
using static Parcours.BrowserTests.Cockpit;

namespace Parcours.BrowserTests;

/// <summary>Playbooks as a CSM meets them: install a built-in one, read its timeline with a new hire's messages, enrol her.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaybookTests(BrowserFixture browser)
{
    private static readonly string Shots = Environment.GetEnvironmentVariable("PARCOURS_SHOTS") ?? Screenshots;

    [Fact]
    public async Task BuiltInPlaybook_Installed_ShowsItsTimelineWithAPreview_AndEnrolsAPerson()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        await (await workspace.Api().PostJsonAsync("/api/v1/people", new { firstName = "Hélène", lastName = "Martin", email = "helene@boulangeries-martin.fr" }))
            .AssertOkJsonAsync(HttpStatusCode.Created);

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/playbooks");
        await Assertions.Expect(page.Locator("[data-testid=no-playbooks]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=built-in-new_employee] button").ClickAsync();
        var link = page.Locator("[data-testid=playbooks] a[href='/playbooks/new_employee']");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=playbooks] tr", new() { HasText = "new_employee" })).ToContainTextAsync("v1 · Publié");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "playbooks.png"), FullPage = true });

        await link.ClickAsync();
        await page.WaitForURLAsync("**/playbooks/new_employee");
        var timeline = page.Locator("[data-testid=playbook-timeline]");
        await Assertions.Expect(timeline.Locator("[data-testid=step-welcome_email]")).ToContainTextAsync("J+0");
        await Assertions.Expect(timeline.Locator("[data-testid=preview-welcome_email]")).ToContainTextAsync("Bienvenue chez Test workspace, Hélène !");
        await Assertions.Expect(page.Locator("[data-testid=playbook-status]")).ToHaveTextAsync("Publié");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "playbook.png"), FullPage = true });

        await page.Locator("[data-testid=enrol-subject]").SelectOptionAsync(new SelectOptionValue { Label = "Hélène Martin" });
        await page.Locator("[data-testid=enrol]").ClickAsync();
        await page.WaitForURLAsync("**/enrolments/*");
        await Assertions.Expect(page.Locator("[data-testid=enrolment-subject]")).ToContainTextAsync("Hélène Martin");
        await Assertions.Expect(page.Locator("[data-testid=enrolment-progress]")).ToHaveTextAsync("Dans les temps");
        await Assertions.Expect(page.Locator("[data-testid=enrolment-step-welcome_email]")).ToContainTextAsync("Bienvenue chez");
        await Assertions.Expect(page.Locator("[data-testid=upcoming-steps] li").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "enrolment.png"), FullPage = true });

        await GoToAsync(page, "/onboarding");
        await Assertions.Expect(page.Locator("[data-testid=onboarding-new_employee]")).ToContainTextAsync("Dans les temps");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "onboarding.png"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
