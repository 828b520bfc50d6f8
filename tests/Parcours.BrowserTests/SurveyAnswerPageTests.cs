using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Parcours.Domain.Journeys;
using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.BrowserTests;

/// <summary>
/// The answer page as a customer meets it: on a phone-sized screen, with JavaScript switched off, reached from the
/// link of a real invitation that a usage event triggered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyAnswerPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnswerPage_OnAPhone_WithJavaScriptOff_TakesAScoreAndAComment()
    {
        var (page, errors) = await browser.NewPageAsync(390, 844, javaScript: false);
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var api = workspace.Api();
        var survey = BuiltInJourneys.ECommerce.Surveys.First(s => s.Headline is NpsQuestion);
        var journey = new JourneyDefinition("mobile_check", new LocalizedText("Contrôle mobile", "Mobile check"), new LocalizedText("Mesurer", "Measure"),
            [new Persona("buyer", new LocalizedText("Acheteur", "Buyer"))],
            [new JourneyStage("after_order", new LocalizedText("Après la commande", "After the order"))],
            [new MeasurementPoint("ordered", new LocalizedText("J'ai commandé", "I ordered"), PointKind.MomentOfTruth, "after_order", "order_completed",
                survey.Key, [SurveyChannel.Email], new HotDelay(0), Objective: 30, AlertThreshold: 7)]);
        (await api.PostAsync("/api/v1/surveys", Json(SurveyJson.Serialize(survey)), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/v1/journeys", Json(JourneyJson.Serialize(journey)), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/v1/journeys/mobile_check/activate", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var externalId = $"buyer-{Guid.NewGuid():N}";
        await (await api.PostJsonAsync("/api/v1/people", new { firstName = "Inès", lastName = "Roux", email = $"{externalId}@client.test", externalId }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var (writeKey, _) = await Tracking.CreateWriteKeyAsync(workspace);
        using var tracker = new HttpClient { BaseAddress = browser.Host.BaseAddress };
        var tracked = await Tracking.PostAsync(tracker, "/v1/track", $$"""{"userId":"{{externalId}}","event":"order_completed"}""", writeKey);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);

        var token = await InvitationTokenAsync(workspace);
        await page.GotoAsync($"/r/{token}");
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Cockpit.Screenshots, "survey-form-phone.png"), FullPage = true });
        await page.Locator("label[for$='-9']").First.ClickAsync();
        await page.Locator("textarea").First.FillAsync("Livraison rapide, rien à redire.");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Merci");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Cockpit.Screenshots, "survey-answer-phone.png"), FullPage = true });

        await using var db = Context(workspace);
        var response = await db.SurveyResponses.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((9, "Livraison rapide, rien à redire."), (response.HeadlineScore, response.Verbatim));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The invitation's link, as its email carries it: the message's own token, read back from the store.</summary>
    private async Task<string> InvitationTokenAsync(TestWorkspace workspace)
    {
        // The real server invites through its agenda on real time: wait for it, bounded.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var db = Context(workspace);
            var messageId = await db.SurveyInvitations.Where(i => i.MessageId != null).Select(i => i.MessageId).FirstOrDefaultAsync(TestContext.Current.CancellationToken);
            if (messageId is { } id)
            {
                var sealedToken = await db.Messages.Where(m => m.Id == id).Select(m => m.TokenSealed).SingleAsync(TestContext.Current.CancellationToken);
                return browser.Host.Services.GetRequiredService<SecretBox>().Open(sealedToken);
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No invitation within 30 s of the trigger event.");
    }

    private Infrastructure.Persistence.ParcoursDbContext Context(TestWorkspace workspace)
    {
        var scope = new WorkspaceScope();
        scope.Enter(workspace.Workspace.Id);
        return browser.Host.Database.CreateContext(scope);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
