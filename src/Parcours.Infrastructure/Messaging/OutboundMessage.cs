using Parcours.Domain.Common;
using Parcours.Domain.Messaging;

namespace Parcours.Infrastructure.Messaging;

/// <summary>
/// One message to one person on one channel, whatever asked for it (playbook, survey, reminder, a person): its
/// solicitation decision, its delivery and the person's interactions. The person's timeline lists these rows, so a
/// suppressed or deferred message is as visible as a sent one. Transitions go through the dispatcher and the public
/// endpoints, each conditional on the current status.
/// </summary>
public sealed class OutboundMessage : ITenantOwned
{
    public const int MaxKindLength = 100;
    public const int MaxSourceLength = 200;
    public const int MaxKeyLength = 150;
    public const int MaxReasonLength = 100;
    public const int MaxDetailLength = 1000;
    public const int MaxDataLength = 4000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public PersonId PersonId { get; set; }

    public MessageChannel Channel { get; set; }

    public Guid TemplateId { get; set; }

    /// <summary>What the message is, for people and reports ("welcome", "survey.nps", "reminder").</summary>
    public string Kind { get; set; } = "";

    /// <summary>Who asked for it ("playbook:{id}:step:{n}", "manual:{userId}", "survey:{id}").</summary>
    public string Source { get; set; } = "";

    /// <summary>Unique per workspace: queueing the same occurrence twice is a no-op.</summary>
    public string IdempotencyKey { get; set; } = "";

    public MessageStatus Status { get; set; }

    /// <summary>Why it was deferred, suppressed or failed: a <see cref="SolicitationReason"/> name or a channel code.</summary>
    public string? Reason { get; set; }

    /// <summary>The channel's or renderer's words for a failure (never personal data).</summary>
    public string? Detail { get; set; }

    /// <summary>The channel's id of the send (provider message sid, call sid, SMTP Message-ID).</summary>
    public string? ProviderReference { get; set; }

    /// <summary>SHA-256 of the message's public token (unsubscribe and tracked links, or the status-callback path).</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The raw token, encrypted with ASP.NET Data Protection, so a re-render after a retry reuses the same links.</summary>
    public string TokenSealed { get; set; } = "";

    /// <summary>Extra template variables from the sender (small JSON object), available as <c>data.*</c>.</summary>
    public string? Data { get; set; }

    /// <summary>The rendered subject, shown on the timeline.</summary>
    public string? Subject { get; set; }

    /// <summary>The rendered text of an in-app message, which the product fetches; other channels do not keep bodies.</summary>
    public string? Body { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime? DeferredUntil { get; set; }

    public int Deferrals { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime? FailedAt { get; set; }

    public DateTime? ClickedAt { get; set; }

    public int Clicks { get; set; }

    /// <summary>In-app: when the product reported the person saw it.</summary>
    public DateTime? ReadAt { get; set; }

    public DateTime? UnsubscribedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A link of a sent email, by position: the tracked redirect only ever goes to these, so it is no open redirect.</summary>
public sealed class MessageLink : ITenantOwned
{
    public const int MaxUrlLength = 2000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid MessageId { get; set; }

    public int Position { get; set; }

    public string Url { get; set; } = "";

    public int Clicks { get; set; }

    public DateTime? FirstClickedAt { get; set; }
}

/// <summary>A person withdrew consent on a channel (unsubscribe link, STOP): why their consent is off, and since when.</summary>
public sealed class ContactOptOut : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public PersonId PersonId { get; set; }

    public MessageChannel Channel { get; set; }

    public DateTime At { get; set; }

    /// <summary>The message whose link was used.</summary>
    public Guid? MessageId { get; set; }
}

/// <summary>A reusable message: its channel and its French and English versions (Liquid), stored as JSON.</summary>
public sealed class MessageTemplateRow : ITenantOwned
{
    public const int MaxNameLength = 200;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public MessageChannel Channel { get; set; }

    public string Variants { get; set; } = "[]";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One channel's solicitation rules in one workspace; a missing row means the channel's defaults.</summary>
public sealed class SolicitationSetting : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public MessageChannel Channel { get; set; }

    public bool Enabled { get; set; }

    public int? MaxPerDay { get; set; }

    public int? MaxPerWeek { get; set; }

    public CapOverflow OverCap { get; set; }

    public TimeOnly? QuietStart { get; set; }

    public TimeOnly? QuietEnd { get; set; }

    /// <summary>JSON list of {start, end, label}.</summary>
    public string Blackouts { get; set; } = "[]";

    public DateTime UpdatedAt { get; set; }
}
