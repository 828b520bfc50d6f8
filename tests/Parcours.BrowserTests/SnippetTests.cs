using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Parcours.Infrastructure.Ingestion;
using Parcours.Server.Features.Ingestion;
using Parcours.Testing;

namespace Parcours.BrowserTests;

/// <summary>The snippet of the write-keys page, pasted into a customer's page on another origin, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SnippetTests(BrowserFixture browser)
{
    private static readonly TimeSpan StoredTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Snippet_OnAnotherOrigin_SendsPageIdentifyTrackByFetch_AndGroupByBeaconOnLeaving()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        // The calls run before /js/parcours.js has arrived, so they go through the stub and are replayed.
        await using var site = await CustomerSite.StartAsync(CustomerPage(key, """
            parcours.identify("u-42", { plan: "Pro" });
            parcours.track("Report Exported", { format: "csv" });
            """));

        await page.GotoAsync(site.Address.ToString());
        await page.WaitForFunctionAsync("() => window.parcours.loaded === true");
        await page.EvaluateAsync("() => window.parcours.flush()");
        var first = await StoredAsync(workspace, 3);
        // From here only leaving the page can send: the timer is an hour, and /next has no script.
        await page.EvaluateAsync($$"""() => window.parcours.load("{{key}}", { host: "{{browser.Host.BaseAddress}}", flushInterval: 3600000 })""");
        // Playwright sees no request of a page being unloaded: the page notes its beacons where /next can read them.
        await page.EvaluateAsync("""
            () => {
              const send = navigator.sendBeacon.bind(navigator);
              navigator.sendBeacon = (url, data) => {
                localStorage.setItem("test.beacon", JSON.stringify({ url, type: data.type }));
                return send(url, data);
              };
            }
            """);
        await page.EvaluateAsync("""() => window.parcours.group("acme", { name: "Acme" })""");
        await page.GotoAsync(new Uri(site.Address, "/next").ToString());
        var stored = await StoredAsync(workspace, 4);
        var beacon = Json(await page.EvaluateAsync<string>("() => localStorage.getItem('test.beacon')"));

        Assert.Equal(["identify", "page", "track"], first.Select(e => e.Type).Order());
        var (pageView, identify, track, group) = (stored.Single(e => e.Type == "page"), stored.Single(e => e.Type == "identify"),
            stored.Single(e => e.Type == "track"), stored.Single(e => e.Type == "group"));
        Assert.Equal(4, stored.Select(e => e.MessageId).Distinct().Count());
        Assert.Single(stored.Select(e => e.AnonymousId).Distinct());
        Assert.True(Guid.TryParse(pageView.AnonymousId, out _), pageView.AnonymousId);
        Assert.Null(pageView.UserId);
        Assert.Equal(["u-42"], new[] { identify, track, group }.Select(e => e.UserId).Distinct());
        Assert.Equal(("Report Exported", "acme"), (track.Name, group.GroupId));
        Assert.Equal("csv", Json(track.Properties).GetProperty("format").GetString());
        Assert.Equal("Acme", Json(group.Properties).GetProperty("name").GetString());

        var properties = Json(pageView.Properties);
        Assert.Equal(site.Address.ToString(), properties.GetProperty("url").GetString());
        Assert.Equal(("/", "Boutique Martin"), (properties.GetProperty("path").GetString(), properties.GetProperty("title").GetString()));
        Assert.True(properties.TryGetProperty("referrer", out _));
        var context = Json(track.Context);
        Assert.Equal("parcours.js", context.GetProperty("library").GetProperty("name").GetString());
        Assert.Equal(site.Address.ToString(), context.GetProperty("page").GetProperty("url").GetString());
        Assert.Equal("fr-FR", context.GetProperty("locale").GetString());
        Assert.Contains("Chrome", context.GetProperty("userAgent").GetString(), StringComparison.Ordinal);

        // The last batch, sent as the page went away, is a text/plain beacon: a CORS-safelisted type, so no preflight.
        Assert.Equal(($"{browser.Host.BaseAddress}v1/batch", "text/plain"), (beacon.GetProperty("url").GetString(), beacon.GetProperty("type").GetString()));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Snippet_FirstSendFails_RetriesTheSameMessageIds_AndStoresEachOnce()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        await using var site = await CustomerSite.StartAsync(CustomerPage(key, """parcours.track("Signed In");"""));
        var failed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/v1/batch", async route =>
        {
            // The network fails once, after the request left: the script cannot know whether it arrived.
            if (failed.TrySetResult(route.Request.PostData ?? ""))
            {
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await page.GotoAsync(site.Address.ToString());
        await page.WaitForFunctionAsync("() => window.parcours.loaded === true");
        await page.EvaluateAsync("() => window.parcours.flush()");
        var lost = await failed.Task.WaitAsync(StoredTimeout, TestContext.Current.CancellationToken);
        Assert.Equal(2, await page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('parcours.queue')).length"));
        await page.EvaluateAsync("() => window.parcours.flush()");
        var stored = await StoredAsync(workspace, 2);

        var lostIds = Json(lost).GetProperty("batch").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).Order();
        Assert.Equal(lostIds, stored.Select(e => e.MessageId).Order());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => JSON.parse(localStorage.getItem('parcours.queue')).length"));
        // Chromium reports the aborted request itself; the script adds nothing.
        Assert.All(errors, e => Assert.Contains("Failed to load resource", e, StringComparison.Ordinal));
    }

    private string CustomerPage(string writeKey, string calls) => $"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <title>Boutique Martin</title>
        {BrowserSnippet.Html(browser.Host.BaseAddress!.ToString(), writeKey)}
        <script>
        {calls}
        </script>
        </head>
        <body><a href="/next">Suite</a></body>
        </html>
        """;

    /// <summary>The workspace's events once there are <paramref name="count"/>, polled until a timeout.</summary>
    private async Task<List<RawEvent>> StoredAsync(TestWorkspace workspace, int count)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var stored = await Tracking.StoredAsync(browser.Host, workspace.Workspace.Id);
            if (stored.Count >= count || Stopwatch.GetElapsedTime(started) > StoredTimeout)
            {
                Assert.True(stored.Count == count, $"Expected {count} events, found {stored.Count}: {string.Join(", ", stored.Select(e => e.Type))}");
                return stored;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text ?? "null").RootElement;
}
