using Parcours.Domain.Common;

namespace Parcours.Domain.Messaging;

/// <summary>What happens to a message over a cap: it waits until the cap allows it, or it is dropped.</summary>
public enum CapOverflow
{
    Defer = 0,
    Suppress = 1,
}

/// <summary>Critical days of the year when nothing is sent on a channel (inclusive local dates in the person's zone).</summary>
public sealed record BlackoutPeriod(DateOnly Start, DateOnly End, string? Label)
{
    public const int MaxLabelLength = 100;

    public bool Contains(DateOnly day) => day >= Start && day <= End;
}

/// <summary>Quiet hours in the person's local time, [Start, End); Start after End spans midnight (21:00 → 08:00).</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) =>
        Start < End ? time >= Start && time < End : time >= Start || time < End;
}

/// <summary>
/// The contact-pressure rules of one channel in one workspace: whether it is used at all, the caps per person (per local
/// calendar day and per rolling 7 days), what happens over a cap, the quiet hours and the blackout periods.
/// Immutable; <see cref="Create"/> checks it.
/// </summary>
public sealed record ChannelRules(
    bool Enabled,
    int? MaxPerDay,
    int? MaxPerWeek,
    CapOverflow OverCap,
    QuietHours? Quiet,
    IReadOnlyList<BlackoutPeriod> Blackouts)
{
    public const int MaxCap = 1000;
    public const int MaxBlackouts = 50;

    /// <summary>The defaults of a workspace that never changed them: polite, so a new playbook cannot spam anyone.</summary>
    public static ChannelRules DefaultFor(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => new(true, 2, 5, CapOverflow.Defer, new QuietHours(new(21, 0), new(8, 0)), []),
        MessageChannel.Sms => new(true, 1, 2, CapOverflow.Defer, new QuietHours(new(20, 0), new(9, 0)), []),
        MessageChannel.Voice => new(true, 1, 1, CapOverflow.Defer, new QuietHours(new(19, 0), new(9, 0)), []),
        // In-app messages wait in the product until the person opens it: no quiet hours.
        MessageChannel.InApp => new(true, 3, 10, CapOverflow.Defer, null, []),
        _ => new(false, null, null, CapOverflow.Suppress, null, []),
    };

    public static Result<ChannelRules> Create(
        bool enabled, int? maxPerDay, int? maxPerWeek, CapOverflow overCap, TimeOnly? quietStart, TimeOnly? quietEnd, IEnumerable<BlackoutPeriod>? blackouts)
    {
        var checks = new Checks();
        if (maxPerDay is < 1 or > MaxCap)
        {
            checks.Fail("invalid_cap", $"A daily cap is between 1 and {MaxCap}, or empty for none.", "maxPerDay");
        }

        if (maxPerWeek is < 1 or > MaxCap)
        {
            checks.Fail("invalid_cap", $"A weekly cap is between 1 and {MaxCap}, or empty for none.", "maxPerWeek");
        }

        if (maxPerDay is { } day && maxPerWeek is { } week && day > week)
        {
            checks.Fail("invalid_cap", "The daily cap cannot be above the weekly cap.", "maxPerDay");
        }

        if (!Enum.IsDefined(overCap))
        {
            checks.Fail("invalid_over_cap", "overCap is Defer or Suppress.", "overCap");
        }

        QuietHours? quiet = null;
        if (quietStart is null != quietEnd is null)
        {
            checks.Fail("invalid_quiet_hours", "Quiet hours need both a start and an end.", "quietStart");
        }
        else if (quietStart is { } start && quietEnd is { } end)
        {
            if (start == end)
            {
                checks.Fail("invalid_quiet_hours", "Quiet hours cannot start and end at the same time.", "quietStart");
            }

            quiet = new QuietHours(start, end);
        }

        var periods = (blackouts ?? []).OrderBy(b => b.Start).ToList();
        if (periods.Count > MaxBlackouts)
        {
            checks.Fail("too_many_blackouts", $"At most {MaxBlackouts} blackout periods.", "blackouts");
        }

        foreach (var period in periods)
        {
            if (period.End < period.Start)
            {
                checks.Fail("invalid_blackout", $"A blackout period ends on or after its start ({period.Start:yyyy-MM-dd}).", "blackouts");
            }

            if (period.Label is { Length: > BlackoutPeriod.MaxLabelLength })
            {
                checks.Fail("invalid_blackout", $"A blackout label has at most {BlackoutPeriod.MaxLabelLength} characters.", "blackouts");
            }
        }

        return checks.Finish(() => new ChannelRules(enabled, maxPerDay, maxPerWeek, overCap, quiet, periods));
    }
}
