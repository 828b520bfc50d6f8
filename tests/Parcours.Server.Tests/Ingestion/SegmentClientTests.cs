using System.Net;
using Parcours.Testing;

namespace Parcours.Server.Tests.Ingestion;

/// <summary>The tracking API on a real socket, with a small per-key rate limit: 3 requests at once, then 1 a second.</summary>
public sealed class IngestionKestrelHost() : ParcoursHost(Infrastructure.Persistence.DatabaseProvider.Sqlite, realServer: true)
{
    protected override Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Ingestion:Burst"] = "3",
            ["Ingestion:RequestsPerSecond"] = "1",
        });
}

public sealed class SegmentClientTests(IngestionKestrelHost host) : IClassFixture<IngestionKestrelHost>
{
    [Fact]
    public async Task AnalyticsNode_IdentifyTrackFlush_RowsArrive()
    {
        SegmentNodeClient.RequireNode();
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        var output = await SegmentNodeClient.SendAsync(host.BaseAddress!, key, "user-42");

        // closeAndFlush resolves after our 200, and a 200 follows the commit: the rows are there without waiting.
        Assert.Contains("SENT", output, StringComparison.Ordinal);
        var stored = await Tracking.StoredAsync(host, workspace.Workspace.Id);
        Assert.Equal(["identify", "track"], stored.Select(e => e.Type).Order());
        Assert.All(stored, e => Assert.Equal("user-42", e.UserId));
        Assert.Equal("Report Exported", stored.Single(e => e.Type == "track").Name);
        Assert.Contains("ada@example.com", stored.Single(e => e.Type == "identify").Properties, StringComparison.Ordinal);
        Assert.Contains("analytics-node", stored[0].Context, StringComparison.Ordinal);
        Assert.All(stored, e => Assert.False(e.MessageId.StartsWith("prc-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Track_OverTheKeysRate_Returns429WithRetryAfterAndOtherKeysStillPass()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (busy, _) = await Tracking.CreateWriteKeyAsync(workspace, "Busy");
        var (quiet, _) = await Tracking.CreateWriteKeyAsync(workspace, "Quiet");
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await Tracking.PostAsync(client, "/v1/track", $$"""{"userId":"u-1","event":"E","messageId":"busy-{{i}}"}""", busy));
        }

        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await (await Tracking.PostAsync(client, "/v1/track", """{"userId":"u-1","event":"E","messageId":"quiet-1"}""", quiet)).AssertOkJsonAsync();
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(accepted + 1, (await Tracking.StoredAsync(host, workspace.Workspace.Id)).Count);
    }
}
