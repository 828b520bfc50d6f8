using Parcours.Domain.Common;
using Parcours.Domain.Messaging;

namespace Parcours.Domain.Journeys;

public enum InvitationOutcome
{
    /// <summary>Send it now (through the solicitation rules, which may still defer it).</summary>
    Due = 0,

    /// <summary>Not yet: <see cref="InvitationDecision.DueAt"/> says when.</summary>
    Waiting = 1,
    NotInPilot = 2,

    /// <summary>The trigger happened outside the point's active window.</summary>
    OutsideWindow = 3,

    /// <summary>A cold point is sent by its waves (<see cref="ColdRotation"/>), never by an event.</summary>
    NotEventDriven = 4,
}

public sealed record InvitationDecision(InvitationOutcome Outcome, DateTimeOffset? DueAt = null);

/// <summary>Whether and when a trigger event leads to an invitation at a hot or warm point, on a passed-in instant.</summary>
public static class InvitationRules
{
    /// <summary>
    /// Hot: the trigger plus the minutes. Warm: the same local time of day, the given number of calendar days later in
    /// the person's zone, so a survey about a Tuesday 10:00 delivery goes on the next Friday at 10:00 even across a
    /// daylight-saving change (a time in the spring-forward gap moves to the end of the gap).
    /// </summary>
    public static DateTimeOffset DueAt(PointDelay delay, DateTimeOffset triggeredAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return delay switch
        {
            HotDelay hot => triggeredAt.ToUniversalTime().AddMinutes(hot.Minutes),
            WarmDelay warm => LocalTime.ToInstant(LocalTime.ToLocal(triggeredAt, zone).AddDays(warm.Days), zone),
            _ => throw new ArgumentException("A cold point has no delay from a trigger: its waves send it.", nameof(delay)),
        };
    }

    /// <summary>
    /// The decision for one trigger. The window applies to the trigger, not to the sending: a person whose situation
    /// happened during a one-off study is asked even if the warm delay ends after the study closed, otherwise the last
    /// days of every warm study would never be measured.
    /// </summary>
    public static InvitationDecision Decide(
        MeasurementPoint point, PersonId person, IReadOnlySet<string>? segments, DateTimeOffset triggeredAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Delay is ColdSchedule)
        {
            return new(InvitationOutcome.NotEventDriven);
        }

        if (point.Window is { } window && !window.Contains(triggeredAt))
        {
            return new(InvitationOutcome.OutsideWindow);
        }

        if (!PilotSelection.Includes(point, person, segments))
        {
            return new(InvitationOutcome.NotInPilot);
        }

        var dueAt = DueAt(point.Delay, triggeredAt, zone);
        return new(now >= dueAt ? InvitationOutcome.Due : InvitationOutcome.Waiting, dueAt);
    }

    /// <summary>
    /// The first of the point's channels, in its order of preference, that can reach the person (consent, address,
    /// app installed: the caller knows). A public link is never sent; null when no channel reaches the person.
    /// </summary>
    public static SurveyChannel? ChannelFor(MeasurementPoint point, Func<SurveyChannel, bool> reaches)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(reaches);
        foreach (var channel in point.Channels)
        {
            if (channel != SurveyChannel.PublicLink && reaches(channel))
            {
                return channel;
            }
        }

        return null;
    }

    /// <summary>When the one reminder goes: <see cref="ReminderRule.AfterDays"/> local days after the invitation, same local time; null when off.</summary>
    public static DateTimeOffset? ReminderAt(ReminderRule rule, DateTimeOffset invitedAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Enabled ? LocalTime.ToInstant(LocalTime.ToLocal(invitedAt, zone).AddDays(rule.AfterDays), zone) : null;
    }

    /// <summary>
    /// Whether to remind now: the rule is on, its time has come, the person has not answered, has not been reminded
    /// (one reminder only), and the invitation has not expired.
    /// </summary>
    public static bool ShouldRemind(
        ReminderRule rule, DateTimeOffset invitedAt, bool answered, bool alreadyReminded, DateTimeOffset? expiresAt, DateTimeOffset now, TimeZoneInfo zone) =>
        !answered && !alreadyReminded && (expiresAt is null || now < expiresAt) && ReminderAt(rule, invitedAt, zone) is { } at && now >= at;
}
