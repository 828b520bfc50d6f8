using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Parcours.Infrastructure.Identity;

namespace Parcours.Server.Features.Shared;

/// <summary>
/// What each role may do. Viewer reads; CSM also edits and imports; Manager also deletes; Admin also runs the team,
/// API keys and settings. Every endpoint and page names one of these, and a test fails any that does not.
/// </summary>
public static class Policies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Delete = "delete";
    public const string Admin = "admin";

    public const string WorkspaceClaim = "parcours:workspace";
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieOrApiKeyScheme = "CookieOrApiKey";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireClaim(WorkspaceClaim).RequireRole(Roles.All));
        options.AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireClaim(WorkspaceClaim).RequireRole(Roles.Admin, Roles.Manager, Roles.Csm));
        options.AddPolicy(Delete, p => p.RequireAuthenticatedUser().RequireClaim(WorkspaceClaim).RequireRole(Roles.Admin, Roles.Manager));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireClaim(WorkspaceClaim).RequireRole(Roles.Admin));
        options.FallbackPolicy = options.GetPolicy(Read);
    }

    public static bool CanWrite(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Csm);

    public static bool CanDelete(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
