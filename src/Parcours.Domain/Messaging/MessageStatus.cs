namespace Parcours.Domain.Messaging;

/// <summary>Where a message to a person stands. Stored as numbers: never renumber.</summary>
public enum MessageStatus
{
    /// <summary>Queued on the agenda, not decided yet.</summary>
    Scheduled = 0,

    /// <summary>The solicitation rules moved it later (quiet hours, a cap, a blackout); the reason says which.</summary>
    Deferred = 1,

    /// <summary>The solicitation rules dropped it (no consent, unsubscribed, a cap set to suppress…).</summary>
    Suppressed = 2,

    /// <summary>Handed to the channel (SMTP accepted it, the provider queued it, the in-app queue holds it).</summary>
    Sent = 3,

    /// <summary>The provider confirmed delivery (status callback).</summary>
    Delivered = 4,

    /// <summary>The channel refused it, or it could not be rendered; the reason says why.</summary>
    Failed = 5,

    Cancelled = 6,
}

public static class MessageStatuses
{
    /// <summary>Whether nothing more will be tried: a decision to send again needs a new message.</summary>
    public static bool IsFinal(this MessageStatus status) =>
        status is MessageStatus.Suppressed or MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Cancelled;

    /// <summary>
    /// A provider's status callback may arrive late or twice: it moves a sent message to delivered or failed, and a
    /// delivered one only to failed when the provider changes its mind (rare, but providers do). Nothing else moves.
    /// </summary>
    public static bool CanReport(this MessageStatus current, MessageStatus reported) => (current, reported) switch
    {
        (MessageStatus.Sent, MessageStatus.Delivered or MessageStatus.Failed) => true,
        (MessageStatus.Delivered, MessageStatus.Failed) => true,
        _ => false,
    };
}
