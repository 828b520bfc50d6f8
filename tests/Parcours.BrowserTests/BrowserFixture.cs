using Microsoft.Playwright;
using Parcours.Testing;

namespace Parcours.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (Playwright's own browser download does not work here), against the real
/// server on Kestrel. Skips with the reason where Chromium is missing, and fails instead in CI.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public KestrelSqliteHost Host { get; } = new();

    public IBrowser? Browser { get; private set; }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("PARCOURS_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (cookies, storage) at the given viewport, collecting console errors.</summary>
    public async Task<(IPage Page, List<string> ConsoleErrors)> NewPageAsync(int width = 1280, int height = 900, bool javaScript = true)
    {
        if (Browser is null)
        {
            var reason = $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium; .ci/run does).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(15_000);
        // The first render of a page after sign-in compiles Razor components and EF queries; on a loaded 2-core box
        // that alone has taken over 15 s.
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>One Chromium and one server for every browser test, which then run one after the other on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
