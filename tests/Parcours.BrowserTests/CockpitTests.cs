using System.Net;
using System.Text;
using Microsoft.Playwright;
using Parcours.Server.Features.Ingestion;
using Parcours.Testing;

namespace Parcours.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class CockpitTests(BrowserFixture browser)
{
    private static readonly string Screenshots = Cockpit.Screenshots;

    [Fact]
    public async Task SignIn_SearchAccounts_OpenAccountPage_ShowsStakeholderMapAndRisk()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var api = workspace.Api();
        var account = await CreateAccountAsync(api, "Boulangeries Martin", "boulangeries-martin.fr");
        await CreateAccountAsync(api, "Transports Lefèvre", "transports-lefevre.fr");
        var person = (await (await api.PostJsonAsync("/api/v1/people", new { firstName = "Hélène", lastName = "Martin", email = "helene@boulangeries-martin.fr", jobTitle = "PDG" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{person}", new { role = "EconomicDecisionMaker", isSponsor = true, motivations = "Réduire le gaspillage" })).AssertOkJsonAsync();

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/accounts");
        await page.GetByPlaceholder("Nom, domaine ou identifiant externe…").FillAsync("lefevre");
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToContainTextAsync("Transports Lefèvre");
        await page.GetByPlaceholder("Nom, domaine ou identifiant externe…").FillAsync("martin");
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToContainTextAsync("Boulangeries Martin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "accounts.png") });
        await page.GetByRole(AriaRole.Link, new() { Name = "Boulangeries Martin" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Boulangeries Martin");
        await Assertions.Expect(page.GetByText("Sponsor unique", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section.circle").First).ToContainTextAsync("Hélène Martin");
        await Assertions.Expect(page.Locator("section.circle-empty")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "account.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysOnLogin()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);

        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", workspace.Admin.Email!);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("incorrect");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ImportCsv_FrenchExcelFile_ImportsAllRowsWithProgressAndReport()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        var csv = "Raison sociale;Code client;Domaine;Segment;Date de début\r\n" +
                  "\"Crèmerie du Marché; Lyon\";C-001;cremerie-lyon.fr;PME;15/01/2025\r\n" +
                  "Atelier Numérique;C-002;atelier-numerique.fr;TPE;01/03/2024\r\n" +
                  "\"Hôtel \"\"Les Tilleuls\"\"\";C-003;hotel-tilleuls.fr;PME;31/12/2023\r\n";
        var file = Path.Combine(Path.GetTempPath(), $"comptes-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes(csv), TestContext.Current.CancellationToken);

        await SignInAsync(page, workspace);
        await GoToAsync(page, "/imports");
        await page.SetInputFilesAsync("input[type=file]", file);
        await Assertions.Expect(page.GetByText("Encodage windows-1252")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.preview")).ToContainTextAsync("Crèmerie du Marché; Lyon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer l'import" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToContainTextAsync("3 créées", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "import.png"), FullPage = true });
        await GoToAsync(page, "/accounts");
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row").First).ToContainTextAsync("Atelier Numérique");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        File.Delete(file);
    }

    [Fact]
    public async Task Dashboard_OnPhoneWidth_FitsWithoutHorizontalScroll_AndSwitchesToEnglish()
    {
        var (page, errors) = await browser.NewPageAsync(390, 844);
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        await CreateAccountAsync(workspace.Api(), "Garage Dupont", "garage-dupont.fr");

        await SignInAsync(page, workspace);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Votre portefeuille clients");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "dashboard-phone.png"), FullPage = true });
        Assert.False(overflow, "The dashboard scrolls sideways on a phone.");

        await page.GetByRole(AriaRole.Link, new() { Name = "EN", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Your customer base");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ApiKey_CreatedInTheUi_IsShownOnce_Works_ThenRevokedInTheUi()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        await SignInAsync(page, workspace);
        await GoToAsync(page, "/settings/api-keys");

        await page.GetByLabel("Nom").FillAsync("Synchro CRM");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer", Exact = true }).ClickAsync();
        var key = (await page.Locator("[data-testid=new-api-key]").InnerTextAsync()).Trim();

        using var api = new HttpClient { BaseAddress = browser.Host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await page.Locator("tr", new() { HasText = "Synchro CRM" }).GetByRole(AriaRole.Button, new() { Name = "Révoquer" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Synchro CRM" })).ToContainTextAsync("Révoquée");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WriteKey_CreatedInTheUi_IsShownOnce_SendsAnEvent_ThenRevokedInTheUi()
    {
        var (page, errors) = await browser.NewPageAsync();
        var workspace = await TestWorkspace.CreateAsync(browser.Host);
        await SignInAsync(page, workspace);
        await GoToAsync(page, "/settings/write-keys");

        await page.GetByLabel("Source").FillAsync("Application web");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer", Exact = true }).ClickAsync();
        var key = (await page.Locator("[data-testid=new-write-key]").InnerTextAsync()).Trim();
        var snippet = BrowserSnippet.Html(browser.Host.BaseAddress!.ToString(), key);
        Assert.Equal(snippet, await page.Locator("[data-testid=write-key-snippet]").InnerTextAsync());
        Assert.Contains(key, await page.Locator("[data-testid=write-key-curl]").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copier le script" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copié dans le presse-papiers.");
        Assert.Equal(snippet, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "write-keys.png"), FullPage = true });

        using var client = new HttpClient { BaseAddress = browser.Host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await TrackAsync(client, key)).StatusCode);
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(BrowserSnippet.Placeholder, await page.Locator("[data-testid=write-key-snippet-template]").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("tr", new() { HasText = "Application web" }).GetByRole(AriaRole.Button, new() { Name = "Révoquer" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Application web" })).ToContainTextAsync("Révoquée");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TrackAsync(client, key)).StatusCode);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static Task<HttpResponseMessage> TrackAsync(HttpClient client, string writeKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/track")
        {
            Content = new StringContent("""{"userId":"u-1","event":"Signed In"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{writeKey}:")));
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static Task GoToAsync(IPage page, string path) => Cockpit.GoToAsync(page, path);

    private static Task SignInAsync(IPage page, TestWorkspace workspace) => Cockpit.SignInAsync(page, workspace);

    private static async Task<string> CreateAccountAsync(HttpClient api, string name, string domain) =>
        (await (await api.PostJsonAsync("/api/v1/accounts", new { name, domain, segment = "PME", plan = "Pro", mrr = 490 })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
}
