using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Common;
using Parcours.Server.Features.Ingestion;
using Parcours.Testing;

namespace Parcours.Server.Tests.Ingestion;

public sealed class IngestionLogTests
{
    private static readonly WorkspaceId WorkspaceA = new(Guid.NewGuid());
    private static readonly WorkspaceId WorkspaceB = new(Guid.NewGuid());
    private static readonly Guid KeyId = Guid.NewGuid();

    [Fact]
    public void Snapshot_UnknownWorkspace_IsEmpty()
    {
        var snapshot = new IngestionLog(Clock.Fake()).Snapshot(WorkspaceA);

        Assert.Equal((0L, 0L, 0L, 0L, (DateTime?)null), (snapshot.AcceptedRequests, snapshot.AcceptedMessages, snapshot.RejectedMessages, snapshot.FailedRequests, snapshot.LastAcceptedAt));
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void Accepted_CountsRequestsAndMessages_AndKeepsNoProblem()
    {
        var clock = Clock.Fake();
        var log = new IngestionLog(clock);

        log.Accepted(WorkspaceA, 3);
        clock.Advance(TimeSpan.FromSeconds(5));
        log.Accepted(WorkspaceA, 2);

        var snapshot = log.Snapshot(WorkspaceA);
        Assert.Equal((2L, 5L), (snapshot.AcceptedRequests, snapshot.AcceptedMessages));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, snapshot.LastAcceptedAt);
        Assert.Empty(snapshot.Problems);
    }

    [Fact]
    public void Problems_PastCapacity_KeepTheNewestFirst()
    {
        var clock = Clock.Fake();
        var log = new IngestionLog(clock);

        for (var i = 0; i < IngestionLog.Capacity + 5; i++)
        {
            log.Failed(WorkspaceA, KeyId, 429, $"r{i}");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var problems = log.Snapshot(WorkspaceA).Problems;
        Assert.Equal(IngestionLog.Capacity, problems.Count);
        Assert.Equal($"r{IngestionLog.Capacity + 4}", problems[0].Reason);
        Assert.Equal("r5", problems[^1].Reason);
        Assert.True(problems.Zip(problems.Skip(1)).All(p => p.First.At > p.Second.At));
        Assert.Equal(IngestionLog.Capacity + 5, log.Snapshot(WorkspaceA).FailedRequests);
    }

    [Fact]
    public void Rejected_LongMessage_IsTruncated_AndWorkspacesStayApart()
    {
        var log = new IngestionLog(Clock.Fake());
        using var message = JsonDocument.Parse($$"""{"type":"track","event":"{{new string('x', 5000)}}"}""");

        log.Rejected(WorkspaceA, KeyId, 200, 3, "userId or anonymousId is required", message.RootElement);

        var problem = Assert.Single(log.Snapshot(WorkspaceA).Problems);
        Assert.Equal((IngestionProblemKind.RejectedMessage, 3, 200), (problem.Kind, problem.Index, problem.Status));
        Assert.Equal(IngestionLog.MaxMessageChars + 1, problem.Message!.Length);
        Assert.EndsWith("…", problem.Message, StringComparison.Ordinal);
        Assert.Empty(log.Snapshot(WorkspaceB).Problems);
    }

    [Fact]
    public async Task Concurrent_Writers_LoseNoCount()
    {
        var log = new IngestionLog(Clock.Fake());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                log.Accepted(WorkspaceA, 1);
                log.Failed(WorkspaceA, KeyId, 503, "x");
            }
        }, TestContext.Current.CancellationToken)));

        var snapshot = log.Snapshot(WorkspaceA);
        Assert.Equal((8000L, 8000L), (snapshot.AcceptedMessages, snapshot.FailedRequests));
        Assert.Equal(IngestionLog.Capacity, snapshot.Problems.Count);
    }
}

/// <summary>The tracking API feeds the log once the write key is known, and only then.</summary>
public sealed class IngestionLogApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task Batch_WithOneInvalidMessage_LogsTheRejectionWithItsMessage_AndCountsTheRest()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, keyId) = await Tracking.CreateWriteKeyAsync(workspace);
        var client = host.App.CreateClient();

        await (await Tracking.PostAsync(client, "/v1/batch",
            """{"batch":[{"type":"track","userId":"u-1","event":"Report Exported"},{"type":"track","event":"No One"}]}""", key)).AssertOkJsonAsync();
        await Tracking.PostAsync(client, "/v1/batch", "{not json", key);
        await Tracking.PostAsync(client, "/v1/track", """{"userId":"u-1","event":"x"}""", "pwk_unknown_key");

        var snapshot = host.Services.GetRequiredService<IngestionLog>().Snapshot(workspace.Workspace.Id);
        Assert.Equal((1L, 1L, 1L, 0L), (snapshot.AcceptedRequests, snapshot.AcceptedMessages, snapshot.RejectedMessages, snapshot.FailedRequests));
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal((Guid.Parse(keyId), 1, 200), (problem.WriteKeyId, problem.Index, problem.Status));
        Assert.Contains("userId or anonymousId", problem.Reason, StringComparison.Ordinal);
        Assert.Contains("No One", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_InvalidMessage_IsLoggedAsARefusedRequest()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        var response = await Tracking.PostAsync(host.App.CreateClient(), "/v1/track", """{"userId":"u-1"}""", key);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single(host.Services.GetRequiredService<IngestionLog>().Snapshot(workspace.Workspace.Id).Problems);
        Assert.Equal((IngestionProblemKind.RejectedMessage, 400), (problem.Kind, problem.Status));
        Assert.Contains("track needs event", problem.Reason, StringComparison.Ordinal);
    }
}
