using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Parcours.Infrastructure.Ingestion;

namespace Parcours.Server.Features.Ingestion;

/// <summary>
/// Segment's HTTP Tracking API: <c>/v1/identify|track|page|screen|group|alias</c> take one message, <c>/v1/batch</c> many.
/// Anonymous for the cockpit's authentication: the write key is checked here. A 200 means every stored message is
/// committed; in a batch, invalid messages are listed in <c>rejected</c> and the others are stored whole.
/// </summary>
public static class TrackingApi
{
    public const int MaxBatchBytes = 500 * 1024;

    /// <summary>The CORS policy of <c>/v1/*</c>, the only routes customers' web pages call from their own origin.</summary>
    public const string CorsPolicy = "tracking";

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().RequireCors(CorsPolicy);
        foreach (var type in SegmentMessage.Types)
        {
            group.MapPost($"/{type}", (HttpContext http, WriteKeyGate gate, EventWriter writer, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(http, type, gate, writer, clock, ct));
        }

        group.MapPost("/batch", (HttpContext http, WriteKeyGate gate, EventWriter writer, TimeProvider clock, CancellationToken ct) =>
            HandleAsync(http, null, gate, writer, clock, ct));
        return app;
    }

    /// <param name="type">The route's message type, or null for a batch.</param>
    private static async Task<IResult> HandleAsync(HttpContext http, string? type, WriteKeyGate gate, EventWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var receivedAt = clock.GetUtcNow().UtcDateTime;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType))
        {
            return IngestionProblems.UnsupportedContentType();
        }

        // A browser's sendBeacon can only send a CORS-safelisted type (text/plain) without credentials, so a batch
        // may come as text/plain, and counts only when it is JSON. Single messages stay application/json only.
        var isJson = contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        var isBeacon = type is null && contentType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !isBeacon)
        {
            return IngestionProblems.UnsupportedContentType();
        }

        var limit = type is null ? MaxBatchBytes : SegmentMessage.MaxMessageBytes;
        if (await ReadBodyAsync(http.Request, limit, ct) is not { } body)
        {
            return IngestionProblems.TooLarge(limit);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return isJson ? IngestionProblems.MalformedJson($"The body is not valid JSON: {exception.Message}") : IngestionProblems.UnsupportedContentType();
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return IngestionProblems.MalformedJson("The body must be a JSON object.");
            }

            if (WriteKeyGate.KeyOf(http.Request, root) is not { } key)
            {
                return IngestionProblems.MissingWriteKey();
            }

            if (await gate.FindAsync(key, ct) is not { } writeKey)
            {
                return IngestionProblems.InvalidWriteKey();
            }

            if (gate.Throttle(writeKey) is { } retryAfter)
            {
                return IngestionProblems.RateLimited(retryAfter, http);
            }

            var envelope = new MessageEnvelope(writeKey.WorkspaceId, writeKey.Id, receivedAt, null, null, clock);
            var (events, rejected, problem) = type is null ? Batch(root, envelope) : Single(root, type, envelope);
            if (problem is not null)
            {
                return problem;
            }

            if (!await writer.WriteAsync(events, ct))
            {
                return IngestionProblems.Unavailable();
            }

            return rejected.Count == 0
                ? TypedResults.Ok(new TrackingReply(true, null))
                : TypedResults.Ok(new TrackingReply(true, rejected));
        }
    }

    private static (List<RawEvent>, List<Rejection>, IResult?) Single(JsonElement root, string type, MessageEnvelope envelope)
    {
        var (parsed, reason) = SegmentMessage.Parse(root, type, envelope);
        return parsed is null ? ([], [], IngestionProblems.InvalidMessage(reason!)) : ([parsed], [], null);
    }

    private static (List<RawEvent>, List<Rejection>, IResult?) Batch(JsonElement root, MessageEnvelope envelope)
    {
        if (!root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array || batch.GetArrayLength() == 0)
        {
            return ([], [], IngestionProblems.InvalidMessage("A batch needs 'batch', a non-empty array of messages."));
        }

        var reasons = new List<string>();
        var sentAt = SegmentMessage.Instant(root, "sentAt", reasons);
        if (reasons.Count > 0)
        {
            return ([], [], IngestionProblems.InvalidMessage($"The batch's {reasons[0]}."));
        }

        JsonElement? context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;
        envelope = envelope with { BatchSentAt = sentAt, BatchContext = context };
        var events = new List<RawEvent>();
        var rejected = new List<Rejection>();
        var index = 0;
        foreach (var message in batch.EnumerateArray())
        {
            var type = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : "";
            var (parsed, reason) = SegmentMessage.Parse(message, type, envelope);
            if (parsed is null)
            {
                rejected.Add(new Rejection(index, reason!));
            }
            else
            {
                events.Add(parsed);
            }

            index++;
        }

        return events.Count == 0 ? ([], rejected, IngestionProblems.AllRejected(rejected)) : (events, rejected, null);
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> (checked while reading, not trusted from Content-Length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>Segment's reply, plus the messages of a batch that were not stored (absent when none).</summary>
public sealed record TrackingReply(
    bool Success,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<Rejection>? Rejected);
