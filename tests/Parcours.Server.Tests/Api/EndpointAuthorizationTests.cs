using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Server.Features.Shared;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

/// <summary>Nothing is exposed by accident: every endpoint, Razor pages included, states who may call it.</summary>
public sealed class EndpointAuthorizationTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    // Blazor's circuit hub and the static-asset file fallback (files missing from the build manifest): both fall under
    // the fallback policy (signed-in users only), which is itself a decision.
    private static readonly string[] FrameworkPrefixes = ["/_blazor", "{**path:file}"];

    [Fact]
    public void EveryEndpoint_HasAnExplicitAuthorizationDecision()
    {
        var undecided = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !FrameworkPrefixes.Any(p => e.RoutePattern.RawText?.StartsWith(p, StringComparison.Ordinal) == true))
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})")
            .ToList();

        Assert.Empty(undecided);
    }

    [Fact]
    public void AnonymousEndpoints_AreOnlyTheExpectedOnes()
    {
        var anonymous = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(r => !r.Contains('.', StringComparison.Ordinal))
            .Distinct().Order().ToList();

        Assert.Equal(["/_framework/opaque-redirect", "/account/accept-invitation", "/account/login", "/culture/{culture}", "/healthz",
            // What a message carries: the SMS provider's signed status callback, a tracked link, the unsubscribe page (ADR 8).
            "/hooks/sms/{token}", "/l/{token}/{position:int}",
            // The page where a person answers the message that carries the link: an approval, a survey (the message's own token).
            "/r/{token}",
            "/readyz", "/u/{token}",
            // The Segment-compatible tracking API: no cookie or API key, each request carries a write key checked in TrackingApi.
            "/v1/alias", "/v1/batch", "/v1/group", "/v1/identify", "/v1/page", "/v1/screen", "/v1/track"], anonymous);
    }

    [Fact]
    public void FallbackPolicy_RequiresASignedInWorkspaceMember()
    {
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;

        Assert.NotNull(options.FallbackPolicy);
        Assert.Same(options.GetPolicy(Policies.Read), options.FallbackPolicy);
    }
}
