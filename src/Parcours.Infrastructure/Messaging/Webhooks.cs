using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Messaging;

/// <summary>A URL of the customer's that receives Parcours' events, signed Standard Webhooks style.</summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public const int MaxUrlLength = 2000;
    public const int MaxEventsLength = 1000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Url { get; set; } = "";

    /// <summary>The signing secret (whsec_…), encrypted with Data Protection: signing needs the raw secret, so no hash.</summary>
    public string SecretSealed { get; set; } = "";

    /// <summary>Comma-separated event types it receives, or "*".</summary>
    public string EventTypes { get; set; } = "*";

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,

    /// <summary>Given up on (the agenda parked it, or it was cancelled).</summary>
    Failed = 2,
}

/// <summary>One event to one endpoint. Its id is the <c>webhook-id</c> header: a receiver deduplicates retries on it.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public const int MaxTypeLength = 100;
    public const int MaxBodyLength = 64_000;

    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public Guid EndpointId { get; set; }

    public string EventType { get; set; } = "";

    public string Body { get; set; } = "";

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }
}
