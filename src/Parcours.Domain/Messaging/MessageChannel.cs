using Parcours.Domain.People;

namespace Parcours.Domain.Messaging;

/// <summary>The ways Parcours reaches a person. Stored as numbers: never renumber.</summary>
public enum MessageChannel
{
    Email = 0,
    Sms = 1,

    /// <summary>A voice message dropped on the person's answering machine.</summary>
    Voice = 2,

    /// <summary>Queued for the person and shown in the customer's own product.</summary>
    InApp = 3,
}

public static class MessageChannels
{
    public static readonly IReadOnlyList<MessageChannel> All = [MessageChannel.Email, MessageChannel.Sms, MessageChannel.Voice, MessageChannel.InApp];

    /// <summary>Whether the person agreed to be reached on the channel.</summary>
    public static bool Allows(this ChannelConsent consent, MessageChannel channel) => channel switch
    {
        MessageChannel.Email => consent.Email,
        MessageChannel.Sms => consent.Sms,
        MessageChannel.Voice => consent.Voice,
        MessageChannel.InApp => consent.InApp,
        _ => false,
    };

    /// <summary>The same consent with one channel withdrawn (an unsubscribe link, a STOP answer).</summary>
    public static ChannelConsent Without(this ChannelConsent consent, MessageChannel channel) => channel switch
    {
        MessageChannel.Email => consent with { Email = false },
        MessageChannel.Sms => consent with { Sms = false },
        MessageChannel.Voice => consent with { Voice = false },
        MessageChannel.InApp => consent with { InApp = false },
        _ => consent,
    };
}
