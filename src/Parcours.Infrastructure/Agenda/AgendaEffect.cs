using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Agenda;

public enum AgendaEffectStatus
{
    /// <summary>Committed before the channel was called: the send may or may not have happened.</summary>
    Started = 0,

    /// <summary>The channel answered; <see cref="AgendaEffect.Reference"/> holds its reference.</summary>
    Completed = 1,
}

/// <summary>
/// The side-effect ledger: one row per outward effect (an email, an SMS, a webhook), keyed by the agenda item's
/// idempotency key. A retry that finds <see cref="AgendaEffectStatus.Started"/> knows a previous attempt may have sent.
/// </summary>
public sealed class AgendaEffect : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public string Key { get; set; } = "";

    public Guid ItemId { get; set; }

    public string Channel { get; set; } = "";

    public AgendaEffectStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>The channel's own id for the send (SMTP queue id, provider message id).</summary>
    public string? Reference { get; set; }
}
