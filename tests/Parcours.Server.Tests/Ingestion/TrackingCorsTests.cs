using System.Net;
using Parcours.Testing;

namespace Parcours.Server.Tests.Ingestion;

/// <summary>Customers' pages call /v1 from their own origins; nothing else of Parcours may be read cross-origin.</summary>
public sealed class TrackingCorsTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private const string Origin = "https://www.client-example.fr";

    [Fact]
    public async Task Preflight_Batch_AllowsAnyOriginPostAndTheTwoHeadersWithoutCredentials()
    {
        var response = await PreflightAsync("/v1/batch");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var allowed = Header(response, "Access-Control-Allow-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Content-Type", allowed, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Authorization", allowed, StringComparer.OrdinalIgnoreCase);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("7200", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task Post_FromAnotherOrigin_SuccessAndFailureAreBothReadable()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        using var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Add("Origin", Origin);

        var stored = await Tracking.PostAsync(client, "/v1/track", """{"anonymousId":"a-1","event":"A"}""", key);
        var refused = await Tracking.PostAsync(client, "/v1/track", """{"anonymousId":"a-1","event":"A"}""", null);

        // The script reads the status to decide between retrying and dropping, so a 401 must carry the header too.
        Assert.Equal((HttpStatusCode.OK, "*"), (stored.StatusCode, Header(stored, "Access-Control-Allow-Origin")));
        Assert.Equal((HttpStatusCode.Unauthorized, "*"), (refused.StatusCode, Header(refused, "Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("/api/v1/accounts")]
    [InlineData("/api/v1/write-keys")]
    [InlineData("/account/login")]
    [InlineData("/accounts")]
    [InlineData("/healthz")]
    public async Task Preflight_CockpitRoute_GetsNoCorsHeaders(string path)
    {
        var response = await PreflightAsync(path);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/account/login")]
    [InlineData("/js/parcours.js")]
    public async Task Get_CockpitRouteFromAnotherOrigin_GetsNoCorsHeaders(string path)
    {
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Origin);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path)
    {
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
