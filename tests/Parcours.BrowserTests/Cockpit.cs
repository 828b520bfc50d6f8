using Microsoft.Playwright;
using Parcours.Testing;

namespace Parcours.BrowserTests;

/// <summary>What every cockpit test does: sign in, and open a page once Blazor has made it interactive.</summary>
public static class Cockpit
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Navigates and waits until Blazor has made the page interactive (the layout says so).</summary>
    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    public static async Task SignInAsync(IPage page, TestWorkspace workspace)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", workspace.Admin.Email!);
        await page.FillAsync("#password", workspace.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }
}
