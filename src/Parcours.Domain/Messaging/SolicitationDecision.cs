namespace Parcours.Domain.Messaging;

/// <summary>Why a message was not sent now. Stored by name on the message, shown on the person's timeline.</summary>
public enum SolicitationReason
{
    ChannelDisabled = 0,
    NoConsent = 1,

    /// <summary>The person withdrew consent (unsubscribe link, STOP).</summary>
    Unsubscribed = 2,
    NoAddress = 3,
    PersonDeleted = 4,
    DailyCap = 5,
    WeeklyCap = 6,
    QuietHours = 7,
    Blackout = 8,
}

/// <summary>The person's consent on the channel as the sender knows it.</summary>
public enum ConsentState
{
    Granted = 0,
    NotGiven = 1,

    /// <summary>Was given, then withdrawn by the person.</summary>
    Withdrawn = 2,
}

/// <summary>What the solicitation engine needs to know about the recipient.</summary>
public sealed record SolicitationContact(ConsentState Consent, bool HasAddress, TimeZoneInfo TimeZone, bool Deleted = false);

/// <summary>Send now, wait until an instant, or drop, each with its reason.</summary>
public abstract record SolicitationDecision
{
    public static readonly SolicitationDecision SendNow = new Send();

    private SolicitationDecision()
    {
    }

    public sealed record Send : SolicitationDecision;

    public sealed record Defer(DateTimeOffset Until, SolicitationReason Reason) : SolicitationDecision;

    public sealed record Suppress(SolicitationReason Reason) : SolicitationDecision;
}

/// <summary>
/// The one contact-pressure engine: every message to a person, whatever sent it, asks it before going out. Pure: the
/// caller gives the rules, the recipient, the instants of the person's recent sends on the channel, and now.
/// <list type="number">
/// <item>Channel disabled, consent withdrawn or never given, no address, person deleted: suppressed.</item>
/// <item>Otherwise the earliest allowed instant is searched from now: a blackout day moves it to the local midnight
/// after the period, quiet hours to their local end, a full day to the next local midnight, a full rolling week to the
/// moment the oldest counted send leaves it; repeated until no rule objects (a deferral lands on a time every rule
/// allows). A cap whose overflow is <see cref="CapOverflow.Suppress"/> drops the message instead.</item>
/// </list>
/// The reason of a deferral is the first rule that objected to sending now.
/// </summary>
public static class Solicitation
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private const int MaxSteps = 64;

    public static SolicitationDecision Decide(ChannelRules rules, SolicitationContact contact, IReadOnlyCollection<DateTimeOffset> recentSends, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(recentSends);
        if (contact.Deleted)
        {
            return new SolicitationDecision.Suppress(SolicitationReason.PersonDeleted);
        }

        if (!rules.Enabled)
        {
            return new SolicitationDecision.Suppress(SolicitationReason.ChannelDisabled);
        }

        switch (contact.Consent)
        {
            case ConsentState.Withdrawn:
                return new SolicitationDecision.Suppress(SolicitationReason.Unsubscribed);
            case ConsentState.NotGiven:
                return new SolicitationDecision.Suppress(SolicitationReason.NoConsent);
            case ConsentState.Granted:
            default:
                break;
        }

        if (!contact.HasAddress)
        {
            return new SolicitationDecision.Suppress(SolicitationReason.NoAddress);
        }

        var zone = contact.TimeZone;
        var sends = recentSends.Where(s => s <= now).Order().ToList();
        var at = now;
        SolicitationReason? first = null;
        for (var step = 0; step < MaxSteps; step++)
        {
            var next = Objection(rules, zone, sends, at);
            if (next is null)
            {
                return first is { } reason ? new SolicitationDecision.Defer(at, reason) : SolicitationDecision.SendNow;
            }

            var (until, why) = next.Value;
            if (why is SolicitationReason.DailyCap or SolicitationReason.WeeklyCap && rules.OverCap == CapOverflow.Suppress)
            {
                return new SolicitationDecision.Suppress(why);
            }

            first ??= why;
            at = until;
        }

        throw new InvalidOperationException("The solicitation rules never allow a send; this is a bug in the rules' arithmetic.");
    }

    /// <summary>The first rule that forbids sending at <paramref name="at"/>, with the instant it stops forbidding it.</summary>
    private static (DateTimeOffset Until, SolicitationReason Reason)? Objection(ChannelRules rules, TimeZoneInfo zone, List<DateTimeOffset> sends, DateTimeOffset at)
    {
        var local = LocalTime.ToLocal(at, zone);
        var today = DateOnly.FromDateTime(local);
        if (rules.Blackouts.Where(b => b.Contains(today)).Select(b => b.End).DefaultIfEmpty().Max() is var end && end != default)
        {
            return (LocalTime.StartOfDay(end.AddDays(1), zone), SolicitationReason.Blackout);
        }

        if (rules.Quiet is { } quiet && quiet.Contains(TimeOnly.FromDateTime(local)))
        {
            // Spanning midnight and before its end: the end is today; otherwise tomorrow (or today, when start < end).
            var endDay = quiet.Start < quiet.End || TimeOnly.FromDateTime(local) < quiet.End ? today : today.AddDays(1);
            return (LocalTime.ToInstant(endDay.ToDateTime(quiet.End), zone), SolicitationReason.QuietHours);
        }

        if (rules.MaxPerDay is { } perDay)
        {
            var startOfDay = LocalTime.StartOfDay(today, zone);
            if (sends.Count(s => s >= startOfDay) >= perDay)
            {
                return (LocalTime.StartOfDay(today.AddDays(1), zone), SolicitationReason.DailyCap);
            }
        }

        if (rules.MaxPerWeek is { } perWeek)
        {
            var inWindow = sends.Where(s => s > at - Week).ToList();
            if (inWindow.Count >= perWeek)
            {
                // The window frees a place when its (count - cap + 1)th oldest send is a week old.
                return (inWindow[inWindow.Count - perWeek] + Week, SolicitationReason.WeeklyCap);
            }
        }

        return null;
    }
}
