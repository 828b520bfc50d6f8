using System.Net;
using System.Text.Json;
using Parcours.Testing;

namespace Parcours.Server.Tests.Ingestion;

public abstract class TrackingApiTests<THost>(THost host) where THost : ParcoursHost
{
    private HttpClient Client => host.App.CreateClient();

    [Fact]
    public async Task Track_ValidMessage_IsStoredWithItsFields()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, keyId) = await Tracking.CreateWriteKeyAsync(workspace);

        var reply = await (await Tracking.PostAsync(Client, "/v1/track",
            """{"userId":"u-1","event":"Report Exported","messageId":"m-1","timestamp":"2026-03-02T07:30:00Z","properties":{"format":"csv"},"context":{"ip":"1.2.3.4"}}""",
            key)).AssertOkJsonAsync();

        Assert.True(reply.GetProperty("success").GetBoolean());
        Assert.False(reply.TryGetProperty("rejected", out _));
        var stored = Assert.Single(await Tracking.StoredAsync(host, workspace.Workspace.Id));
        Assert.Equal(("track", "Report Exported", "u-1", "m-1"), (stored.Type, stored.Name, stored.UserId, stored.MessageId));
        Assert.Equal(new DateTime(2026, 3, 2, 7, 30, 0, DateTimeKind.Utc), stored.Timestamp);
        Assert.Equal(Clock.Start.UtcDateTime, stored.ReceivedAt);
        Assert.Equal("csv", JsonDocument.Parse(stored.Properties!).RootElement.GetProperty("format").GetString());
        Assert.Equal("1.2.3.4", JsonDocument.Parse(stored.Context!).RootElement.GetProperty("ip").GetString());
        Assert.Equal(Guid.Parse(keyId), stored.WriteKeyId);
    }

    [Fact]
    public async Task Identify_WriteKeyInBody_IsStoredWithTraitsAndAGeneratedMessageId()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        await (await Tracking.PostAsync(Client, "/v1/identify",
            $$$"""{"writeKey":"{{{key}}}","anonymousId":"anon-1","traits":{"email":"ada@example.com"}}""", null)).AssertOkJsonAsync();

        var stored = Assert.Single(await Tracking.StoredAsync(host, workspace.Workspace.Id));
        Assert.Equal(("identify", "anon-1", (string?)null), (stored.Type, stored.AnonymousId, stored.UserId));
        Assert.StartsWith("prc-", stored.MessageId, StringComparison.Ordinal);
        Assert.Equal(Clock.Start.UtcDateTime, stored.Timestamp);
        Assert.Contains("ada@example.com", stored.Properties, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_AllTypes_AreStoredAndBatchContextApplies()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        var reply = await (await Tracking.PostAsync(Client, "/v1/batch", """
            {"context":{"library":{"name":"test"}},"batch":[
              {"type":"identify","userId":"u-1","traits":{"name":"Ada"}},
              {"type":"track","userId":"u-1","event":"Signed In"},
              {"type":"page","anonymousId":"a-1","name":"Home"},
              {"type":"screen","userId":"u-1","name":"Settings"},
              {"type":"group","userId":"u-1","groupId":"acme"},
              {"type":"alias","userId":"u-1","previousId":"a-1"}]}
            """, key)).AssertOkJsonAsync();

        Assert.False(reply.TryGetProperty("rejected", out _));
        var stored = await Tracking.StoredAsync(host, workspace.Workspace.Id);
        Assert.Equal(["alias", "group", "identify", "page", "screen", "track"], stored.Select(e => e.Type).Order());
        Assert.All(stored, e => Assert.Contains("\"test\"", e.Context, StringComparison.Ordinal));
        Assert.Equal("acme", stored.Single(e => e.Type == "group").GroupId);
        Assert.Equal("a-1", stored.Single(e => e.Type == "alias").PreviousId);
        Assert.Equal("Home", stored.Single(e => e.Type == "page").Name);
    }

    [Fact]
    public async Task Track_SameMessageIdTwice_IsStoredOnce()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        const string message = """{"userId":"u-1","event":"Signed In","messageId":"retry-me"}""";

        await (await Tracking.PostAsync(Client, "/v1/track", message, key)).AssertOkJsonAsync();
        await (await Tracking.PostAsync(Client, "/v1/track", message, key)).AssertOkJsonAsync();
        await (await Tracking.PostAsync(Client, "/v1/batch", $$"""{"batch":[{{message[..^1]}},"type":"track"},{{message[..^1]}},"type":"track"}]}""", key)).AssertOkJsonAsync();

        Assert.Single(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Track_SenderClockAnHourAhead_TimestampIsMovedBack()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        // The server receives at 08:00:00; the sender's clock says it sent at 09:00:05, five seconds after the event.
        await (await Tracking.PostAsync(Client, "/v1/track",
            """{"userId":"u-1","event":"Signed In","timestamp":"2026-03-02T09:00:00Z","sentAt":"2026-03-02T09:00:05Z"}""", key)).AssertOkJsonAsync();

        var stored = Assert.Single(await Tracking.StoredAsync(host, workspace.Workspace.Id));
        Assert.Equal(new DateTime(2026, 3, 2, 7, 59, 55, DateTimeKind.Utc), stored.Timestamp);
    }

    [Fact]
    public async Task Batch_OneInvalidMessage_StoresTheOthersAndReportsItsIndex()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        var reply = await (await Tracking.PostAsync(Client, "/v1/batch", """
            {"batch":[{"type":"track","userId":"u-1","event":"A"},{"type":"track","userId":"u-1","event":"B"},
                      {"type":"track","event":"No ids"},{"type":"track","userId":"u-1","event":"D"}]}
            """, key)).AssertOkJsonAsync();

        Assert.True(reply.GetProperty("success").GetBoolean());
        var rejected = Assert.Single(reply.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Contains("userId or anonymousId", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["A", "B", "D"], (await Tracking.StoredAsync(host, workspace.Workspace.Id)).Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData("/v1/track", """{"event":"No ids"}""", "invalid_message")]
    [InlineData("/v1/track", """{"userId":"u-1"}""", "invalid_message")]
    [InlineData("/v1/alias", """{"userId":"u-1"}""", "invalid_message")]
    [InlineData("/v1/group", """{"userId":"u-1"}""", "invalid_message")]
    [InlineData("/v1/track", """{"userId":"u-1","event":"A","timestamp":"yesterday"}""", "invalid_message")]
    [InlineData("/v1/track", """{"userId":"u-1","event":"A",""", "malformed_json")]
    [InlineData("/v1/track", """["not an object"]""", "malformed_json")]
    [InlineData("/v1/batch", """{"batch":[]}""", "invalid_message")]
    [InlineData("/v1/batch", """{"batch":[{"type":"launch","userId":"u-1"}]}""", "all_messages_rejected")]
    public async Task Post_InvalidBody_Returns400AndStoresNothing(string path, string body, string code)
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        await (await Tracking.PostAsync(Client, path, body, key)).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        Assert.Empty(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Post_WrongContentType_Returns415AndStoresNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        var response = await Tracking.PostAsync(Client, "/v1/track", """{"userId":"u-1","event":"A"}""", key, "text/plain");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_content_type");
        Assert.Empty(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Batch_JsonSentAsTextPlain_IsStored()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        // What navigator.sendBeacon sends: the key in the body, no Authorization, a CORS-safelisted content type.
        var reply = await (await Tracking.PostAsync(Client, "/v1/batch",
            $$"""{"writeKey":"{{key}}","batch":[{"type":"track","anonymousId":"a-1","event":"Tab Hidden","messageId":"beacon-1"}]}""",
            null, "text/plain")).AssertOkJsonAsync();

        Assert.True(reply.GetProperty("success").GetBoolean());
        var stored = Assert.Single(await Tracking.StoredAsync(host, workspace.Workspace.Id));
        Assert.Equal(("Tab Hidden", "beacon-1"), (stored.Name, stored.MessageId));
    }

    [Theory]
    [InlineData("/v1/batch", "not json at all")]
    [InlineData("/v1/batch", """{"batch":[{"type":"track","anonymousId":"a-1","event":"A"}""")]
    [InlineData("/v1/track", """{"anonymousId":"a-1","event":"A"}""")]
    public async Task Post_TextPlainThatIsNotAJsonBatch_Returns415AndStoresNothing(string path, string body)
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);

        await (await Tracking.PostAsync(Client, path, body, key, "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_content_type");

        Assert.Empty(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Post_OversizeMessageOrBatch_Returns413AndStoresNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, _) = await Tracking.CreateWriteKeyAsync(workspace);
        var padding = new string('x', 33 * 1024);
        var bigMessage = $$$"""{"type":"track","userId":"u-1","event":"A","properties":{"pad":"{{{padding}}}"}}""";
        var smallMessage = $$$"""{"type":"track","userId":"u-1","event":"A","properties":{"pad":"{{{padding[..(20 * 1024)]}}}"}}""";

        await (await Tracking.PostAsync(Client, "/v1/track", bigMessage, key)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "too_large");
        var batch = $$"""{"batch":[{{string.Join(",", Enumerable.Repeat(smallMessage, 26))}}]}""";
        await (await Tracking.PostAsync(Client, "/v1/batch", batch, key)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "too_large");
        var oneTooBig = await (await Tracking.PostAsync(Client, "/v1/batch", $$"""{"batch":[{{bigMessage}}]}""", key))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "all_messages_rejected");

        Assert.Contains("32 KB", oneTooBig.GetProperty("rejected")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Post_MissingUnknownOrRevokedKey_Returns401AndStoresNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var (key, keyId) = await Tracking.CreateWriteKeyAsync(workspace);
        await (await workspace.Api().DeleteAsync($"/api/v1/write-keys/{keyId}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        const string message = """{"userId":"u-1","event":"A"}""";

        await (await Tracking.PostAsync(Client, "/v1/track", message, null)).AssertProblemAsync(HttpStatusCode.Unauthorized, "write_key_missing");
        await (await Tracking.PostAsync(Client, "/v1/track", message, "pwk_0123456789_abcdefghijkmnopqrstuvwxyzABCDEF")).AssertProblemAsync(HttpStatusCode.Unauthorized, "write_key_invalid");
        await (await Tracking.PostAsync(Client, "/v1/track", message, key[..^1] + (key[^1] == 'a' ? 'b' : 'a'))).AssertProblemAsync(HttpStatusCode.Unauthorized, "write_key_invalid");
        await (await Tracking.PostAsync(Client, "/v1/track", message, key)).AssertProblemAsync(HttpStatusCode.Unauthorized, "write_key_invalid");
        await (await Tracking.PostAsync(Client, "/v1/track", message, workspace.KeyFor(Infrastructure.Identity.Roles.Admin))).AssertProblemAsync(HttpStatusCode.Unauthorized, "write_key_invalid");

        Assert.Empty(await Tracking.StoredAsync(host, workspace.Workspace.Id));
    }

    [Fact]
    public async Task Track_KeyOfA_WritesIntoAOnlyAndBIsUntouched()
    {
        var a = await TestWorkspace.CreateAsync(host, "A");
        var b = await TestWorkspace.CreateAsync(host, "B");
        var (aKey, _) = await Tracking.CreateWriteKeyAsync(a);
        var (bKey, _) = await Tracking.CreateWriteKeyAsync(b);

        await (await Tracking.PostAsync(Client, "/v1/track", """{"userId":"u-1","event":"From A","messageId":"shared-id"}""", aKey)).AssertOkJsonAsync();
        await (await Tracking.PostAsync(Client, "/v1/track", """{"userId":"u-1","event":"From B","messageId":"shared-id"}""", bKey)).AssertOkJsonAsync();

        // The same messageId in two workspaces is two messages: dedup is per workspace.
        Assert.Equal("From A", Assert.Single(await Tracking.StoredAsync(host, a.Workspace.Id)).Name);
        Assert.Equal("From B", Assert.Single(await Tracking.StoredAsync(host, b.Workspace.Id)).Name);
    }

    [Fact]
    public async Task OpenApi_ListsWriteKeysButNotTheTrackingApi()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var document = await (await workspace.Api().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).AssertOkJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/write-keys", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteKeys_NonAdmin_IsForbidden()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await workspace.Api(Infrastructure.Identity.Roles.Manager).PostJsonAsync("/api/v1/write-keys", new { name = "Web" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class TrackingApiSqliteTests(SqliteHost host) : TrackingApiTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class TrackingApiPostgresTests(PostgresHost host) : TrackingApiTests<PostgresHost>(host), IClassFixture<PostgresHost>;
