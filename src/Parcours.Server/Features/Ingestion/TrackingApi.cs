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
            group.MapPost($"/{type}", (HttpContext http, WriteKeyGate gate, EventWriter writer, IngestionLog log, TimeProvider clock, CancellationToken ct) =>
                HandleAsync(http, type, gate, writer, log, clock, ct));
        }

        group.MapPost("/batch", (HttpContext http, WriteKeyGate gate, EventWriter writer, IngestionLog log, TimeProvider clock, CancellationToken ct) =>
            HandleAsync(http, null, gate, writer, log, clock, ct));
        return app;
    }

    /// <param name="type">The route's message type, or null for a batch.</param>
    private static async Task<IResult> HandleAsync(
        HttpContext http, string? type, WriteKeyGate gate, EventWriter writer, IngestionLog log, TimeProvider clock, CancellationToken ct)
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

            // From here the request belongs to a workspace: its outcome goes to the event debugger's log.
            var workspace = writeKey.WorkspaceId;
            if (gate.Throttle(writeKey) is { } retryAfter)
            {
                log.Failed(workspace, writeKey.Id, StatusCodes.Status429TooManyRequests, "rate_limited");
                return IngestionProblems.RateLimited(retryAfter, http);
            }

            var envelope = new MessageEnvelope(workspace, writeKey.Id, receivedAt, null, null, clock);
            var (events, rejected, problem) = type is null ? Batch(root, envelope) : Single(root, type, envelope);
            // A message refused inside a batch that stored others still got a 200; alone, its request got a 400.
            var status = problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            foreach (var (index, reason, message) in rejected)
            {
                log.Rejected(workspace, writeKey.Id, status, index, reason, message);
            }

            if (problem is not null)
            {
                if (rejected.Count == 0)
                {
                    log.Failed(workspace, writeKey.Id, StatusCodes.Status400BadRequest, problem.Detail);
                }

                return problem.Result;
            }

            if (!await writer.WriteAsync(events, ct))
            {
                log.Failed(workspace, writeKey.Id, StatusCodes.Status503ServiceUnavailable, "ingestion_unavailable");
                return IngestionProblems.Unavailable();
            }

            log.Accepted(workspace, events.Count);
            return rejected.Count == 0
                ? TypedResults.Ok(new TrackingReply(true, null))
                : TypedResults.Ok(new TrackingReply(true, [.. rejected.Select(r => new Rejection(r.Index, r.Reason))]));
        }
    }

    /// <summary>A message not stored, with the message itself (valid while the request's document is) for the log.</summary>
    private readonly record struct Rejected(int Index, string Reason, JsonElement Message);

    /// <summary>A whole request refused, with the reason the log shows.</summary>
    private sealed record Refusal(IResult Result, string Detail);

    private static (List<RawEvent>, List<Rejected>, Refusal?) Single(JsonElement root, string type, MessageEnvelope envelope)
    {
        var (parsed, reason) = SegmentMessage.Parse(root, type, envelope);
        return parsed is null
            ? ([], [new Rejected(0, reason!, root)], new Refusal(IngestionProblems.InvalidMessage(reason!), reason!))
            : ([parsed], [], null);
    }

    private static (List<RawEvent>, List<Rejected>, Refusal?) Batch(JsonElement root, MessageEnvelope envelope)
    {
        if (!root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array || batch.GetArrayLength() == 0)
        {
            const string detail = "A batch needs 'batch', a non-empty array of messages.";
            return ([], [], new Refusal(IngestionProblems.InvalidMessage(detail), detail));
        }

        var reasons = new List<string>();
        var sentAt = SegmentMessage.Instant(root, "sentAt", reasons);
        if (reasons.Count > 0)
        {
            var detail = $"The batch's {reasons[0]}.";
            return ([], [], new Refusal(IngestionProblems.InvalidMessage(detail), detail));
        }

        JsonElement? context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;
        envelope = envelope with { BatchSentAt = sentAt, BatchContext = context };
        var events = new List<RawEvent>();
        var rejected = new List<Rejected>();
        var index = 0;
        foreach (var message in batch.EnumerateArray())
        {
            var type = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : "";
            var (parsed, reason) = SegmentMessage.Parse(message, type, envelope);
            if (parsed is null)
            {
                rejected.Add(new Rejected(index, reason!, message));
            }
            else
            {
                events.Add(parsed);
            }

            index++;
        }

        if (events.Count > 0)
        {
            return (events, rejected, null);
        }

        var all = IngestionProblems.AllRejected([.. rejected.Select(r => new Rejection(r.Index, r.Reason))]);
        return ([], rejected, new Refusal(all, "all_messages_rejected"));
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
