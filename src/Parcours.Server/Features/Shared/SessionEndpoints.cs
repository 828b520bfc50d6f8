using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Parcours.Infrastructure.Identity;

namespace Parcours.Server.Features.Shared;

public static class SessionEndpoints
{
    /// <summary>Switches the cockpit's language: a cookie, then back to where the user was (same site only).</summary>
    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture/{culture}", (string culture, string? redirect, HttpContext http) =>
        {
            if (!Loc.Cultures.Contains(culture))
            {
                return Results.BadRequest();
            }

            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(IsLocal(redirect) ? redirect! : "/");
        }).AllowAnonymous().ExcludeFromDescription();

    /// <summary>POST with the antiforgery token of the form that sends it.</summary>
    public static void MapSignOut(this WebApplication app) =>
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, HttpContext http) =>
        {
            // The antiforgery middleware only flags a bad token; an endpoint that binds no form must refuse it itself.
            if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.Problem("The form has expired: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest,
                    title: "The request is invalid.", type: "/problems/invalid", extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization(Policies.Read).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
