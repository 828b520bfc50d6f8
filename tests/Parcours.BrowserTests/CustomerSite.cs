using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Parcours.BrowserTests;

/// <summary>
/// A customer's website on its own loopback port, so the browser script's calls to Parcours are really cross-origin.
/// Serves <c>/</c> (the given page) and <c>/next</c> (a plain page to navigate to).
/// </summary>
public sealed class CustomerSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CustomerSite(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<CustomerSite> StartAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/next", () => Results.Content("<!DOCTYPE html><html><head><title>Suite</title></head><body>Suite</body></html>", "text/html; charset=utf-8"));
        // Chromium asks for one; a 404 would be a console error.
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new CustomerSite(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
