using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// One Segment message as received (identify, track, page, screen, group, alias), append-only. (WorkspaceId, MessageId)
/// is unique, so a message a client retries is stored once.
/// </summary>
public sealed class RawEvent : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string MessageId { get; set; } = "";

    /// <summary>identify, track, page, screen, group or alias.</summary>
    public string Type { get; set; } = "";

    /// <summary>The event of a track, the name of a page or screen; null for the other types.</summary>
    public string? Name { get; set; }

    public string? UserId { get; set; }

    public string? AnonymousId { get; set; }

    public string? GroupId { get; set; }

    /// <summary>The former id of an alias.</summary>
    public string? PreviousId { get; set; }

    /// <summary>When it happened, corrected for the sender's clock skew.</summary>
    public DateTime Timestamp { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>properties (track, page, screen) or traits (identify, group), as JSON text; null when absent.</summary>
    public string? Properties { get; set; }

    /// <summary>The message's context object, as JSON text; null when absent.</summary>
    public string? Context { get; set; }

    public Guid WriteKeyId { get; set; }
}
