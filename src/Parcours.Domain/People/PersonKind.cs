namespace Parcours.Domain.People;

/// <summary>Parcours onboards customers' contacts and a company's own new employees with the same playbooks.</summary>
public enum PersonKind
{
    CustomerContact = 0,
    Employee = 1,
}

/// <summary>Consent per channel. Sending code asks this before any message goes out.</summary>
public sealed record ChannelConsent(bool Email, bool Sms, bool Voice, bool InApp)
{
    /// <summary>B2B default: professional email and in-app are allowed (legitimate interest); SMS and voice need an opt-in.</summary>
    public static ChannelConsent Default { get; } = new(Email: true, Sms: false, Voice: false, InApp: true);
}
