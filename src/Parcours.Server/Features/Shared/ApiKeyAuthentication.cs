using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Shared;

/// <summary>
/// <c>Authorization: Bearer prc_…</c>. The key's public prefix finds the row; the secret is compared by hash in constant
/// time; a revoked key fails like an unknown one.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ParcoursDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (Secrets.LookupIdOf(key, Secrets.ApiKeyPrefix) is not { } prefix)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        // Authentication runs before any workspace is known: this is the one lookup that ignores the tenant filter.
        var apiKey = await db.ApiKeys.IgnoreQueryFilters().SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (apiKey is null || !apiKey.IsActive || !Secrets.Matches(key, apiKey.SecretHash))
        {
            Log.KeyRejected(Logger, prefix);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (apiKey.LastUsedAt is null || now - apiKey.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.IgnoreQueryFilters()
                .Where(k => k.WorkspaceId == apiKey.WorkspaceId && k.Id == apiKey.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, $"api-key:{apiKey.Id}"),
                new Claim(ClaimTypes.Name, $"API key {apiKey.Name}"),
                new Claim(ClaimTypes.Role, apiKey.Role),
                new Claim(Policies.WorkspaceClaim, apiKey.WorkspaceId.ToString()),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer prc_…'. Create one in Settings → API keys.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required.",
            type: "/problems/unauthenticated",
            extensions: new Dictionary<string, object?> { ["code"] = "unauthenticated" }).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            "This API key's role does not allow this action.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "You are not allowed to do this.",
            type: "/problems/forbidden",
            extensions: new Dictionary<string, object?> { ["code"] = "forbidden" }).ExecuteAsync(Context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "API key {Prefix} rejected")]
        public static partial void KeyRejected(ILogger logger, string prefix);
    }
}
