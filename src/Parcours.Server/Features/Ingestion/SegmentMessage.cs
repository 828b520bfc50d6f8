using System.Globalization;
using System.Text;
using System.Text.Json;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence.Configurations;

namespace Parcours.Server.Features.Ingestion;

/// <summary>What every message of one request shares: who sent it, when it arrived, and the batch's own fields.</summary>
public sealed record MessageEnvelope(WorkspaceId WorkspaceId, Guid WriteKeyId, DateTime ReceivedAt, DateTime? BatchSentAt, JsonElement? BatchContext, TimeProvider Clock);

/// <summary>
/// Turns one Segment message (HTTP Tracking API spec) into a raw event, or says why it cannot be stored. All or
/// nothing: a message is either stored whole or rejected with its reason.
/// </summary>
public static class SegmentMessage
{
    public const int MaxMessageBytes = 32 * 1024;

    public static readonly string[] Types = ["identify", "track", "page", "screen", "group", "alias"];

    /// <summary>Historical imports are welcome, but a timestamp before this is a bug in the sender, not usage.</summary>
    public static readonly DateTime EarliestTimestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far ahead of our clock a corrected timestamp may be before it is refused.</summary>
    public static readonly TimeSpan MaxClockLead = TimeSpan.FromDays(1);

    public static (RawEvent? Event, string? Reason) Parse(JsonElement message, string type, MessageEnvelope envelope)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return Reject("a message must be a JSON object");
        }

        if (Encoding.UTF8.GetByteCount(message.GetRawText()) > MaxMessageBytes)
        {
            return Reject($"the message is larger than {MaxMessageBytes / 1024} KB");
        }

        if (!Types.Contains(type))
        {
            return Reject($"type must be one of {string.Join(", ", Types)}");
        }

        var reasons = new List<string>();
        var userId = Id(message, "userId", reasons);
        var anonymousId = Id(message, "anonymousId", reasons);
        var groupId = Id(message, "groupId", reasons);
        var previousId = Id(message, "previousId", reasons);
        var messageId = Id(message, "messageId", reasons);
        var name = Id(message, type == "track" ? "event" : "name", reasons);
        var timestamp = Instant(message, "timestamp", reasons);
        var sentAt = Instant(message, "sentAt", reasons) ?? envelope.BatchSentAt;
        var properties = JsonObject(message, type is "identify" or "group" ? "traits" : "properties", reasons);
        var context = JsonObject(message, "context", reasons) ?? (envelope.BatchContext is { } batchContext ? batchContext.GetRawText() : null);

        if (type is "track" or "page" or "screen" && groupId is null)
        {
            // Segment's libraries put the account of a usage event in context.groupId.
            groupId = ContextGroupId(message, reasons);
        }

        switch (type)
        {
            case "alias" when userId is null || previousId is null:
                reasons.Add("alias needs userId and previousId");
                break;
            case "group" when groupId is null:
                reasons.Add("group needs groupId");
                break;
            case "track" when name is null:
                reasons.Add("track needs event");
                break;
            case not "alias" when userId is null && anonymousId is null:
                reasons.Add("userId or anonymousId is required");
                break;
        }

        var at = Corrected(timestamp, sentAt, envelope.ReceivedAt);
        if (at < EarliestTimestamp || at > envelope.ReceivedAt + MaxClockLead)
        {
            reasons.Add($"timestamp must fall between {EarliestTimestamp:yyyy-MM-dd} and one day from now");
        }

        if (reasons.Count > 0)
        {
            return Reject(string.Join("; ", reasons));
        }

        return (new RawEvent
        {
            WorkspaceId = envelope.WorkspaceId,
            Id = Guid.CreateVersion7(envelope.Clock.GetUtcNow()),
            // Segment clients always set one; a message without it cannot be deduplicated when retried.
            MessageId = messageId ?? $"prc-{Guid.CreateVersion7(envelope.Clock.GetUtcNow())}",
            Type = type,
            Name = type is "track" or "page" or "screen" ? name : null,
            UserId = userId,
            AnonymousId = anonymousId,
            GroupId = groupId,
            PreviousId = previousId,
            Timestamp = at,
            ReceivedAt = envelope.ReceivedAt,
            Properties = properties,
            Context = context,
            WriteKeyId = envelope.WriteKeyId,
        }, null);
    }

    /// <summary>
    /// The sender's clock may be wrong; the offset between its sentAt and our receivedAt is that error, so it moves the
    /// timestamp by the same amount (Segment's rule). No timestamp means "now".
    /// </summary>
    public static DateTime Corrected(DateTime? timestamp, DateTime? sentAt, DateTime receivedAt) => timestamp switch
    {
        null => receivedAt,
        { } at when sentAt is { } sent => at + (receivedAt - sent),
        { } at => at,
    };

    private static string? ContextGroupId(JsonElement message, List<string> reasons) =>
        message.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
            ? Id(context, "groupId", reasons)
            : null;

    private static (RawEvent?, string?) Reject(string reason) => (null, reason);

    /// <summary>An id is a non-empty string; Segment also accepts numbers for ids, kept as their text.</summary>
    private static string? Id(JsonElement message, string field, List<string> reasons)
    {
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            reasons.Add($"{field} must be a string");
            return null;
        }

        if (text.Length > RawEventConfiguration.MaxIdLength)
        {
            reasons.Add($"{field} is longer than {RawEventConfiguration.MaxIdLength} characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    public static DateTime? Instant(JsonElement message, string field, List<string> reasons)
    {
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        reasons.Add($"{field} must be an ISO 8601 date");
        return null;
    }

    private static string? JsonObject(JsonElement message, string field, List<string> reasons)
    {
        if (!message.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            reasons.Add($"{field} must be an object");
            return null;
        }

        return value.GetRawText();
    }
}
