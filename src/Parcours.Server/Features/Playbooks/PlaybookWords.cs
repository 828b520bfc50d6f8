using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Shared;
using MudBlazor;

namespace Parcours.Server.Features.Playbooks;

/// <summary>How the playbook pages say things: a step's icon and kind, when it runs, the chips of states and progress.</summary>
public static class PlaybookWords
{
    public static string Icon(StepKind kind) => kind switch
    {
        StepKind.SendMessage => Icons.Material.Outlined.Mail,
        StepKind.CreateTask => Icons.Material.Outlined.TaskAlt,
        StepKind.Milestone => Icons.Material.Outlined.Flag,
        StepKind.WaitUntil => Icons.Material.Outlined.HourglassEmpty,
        StepKind.Branch => Icons.Material.Outlined.CallSplit,
        StepKind.Series => Icons.Material.Outlined.DynamicFeed,
        _ => Icons.Material.Outlined.Circle,
    };

    /// <summary>"D+2 at 09:30, business days" or "1 day after login_check", in the reader's language.</summary>
    public static string When(StepTiming when, Loc l)
    {
        var text = when.After is { } after
            ? when.Days == 0 ? l.Format("playbook.when.afterNow", after) : l.Format(when.Days == 1 ? "playbook.when.afterDay" : "playbook.when.afterDays", when.Days, after)
            : l.Format("playbook.when.day", when.Days);
        if (when.At is { } at)
        {
            text += l.Format("playbook.when.at", at);
        }

        return when.BusinessDaysOnly ? text + l["playbook.when.businessDays"] : text;
    }

    /// <summary>The day a step falls on counted from enrolment, following its anchors ("2 days after X" where X is D+3 is day 5).</summary>
    public static int Day(PlaybookDefinition definition, PlaybookStep step, int depth = 0)
    {
        if (step.When.After is not { } after || depth > definition.Steps.Count || definition.Step(after) is not { } anchor)
        {
            return step.When.Days;
        }

        return Day(definition, anchor, depth + 1) + step.When.Days;
    }

    /// <summary>The steps in the order they happen: by day, then as written.</summary>
    public static IReadOnlyList<(PlaybookStep Step, int Day)> Ordered(PlaybookDefinition definition) =>
        [.. definition.Steps.Select((s, i) => (Step: s, Day: Day(definition, s), Index: i)).OrderBy(x => x.Day).ThenBy(x => x.Index).Select(x => (x.Step, x.Day))];

    public static string? Channel(PlaybookStep step) => step switch
    {
        SendMessageStep m => $"MessageChannel.{m.Channel}",
        SeriesStep s => $"MessageChannel.{s.Channel}",
        _ => null,
    };

    public static string StatusClass(PlaybookStatus status) => status switch
    {
        PlaybookStatus.Published => "chip-ok",
        PlaybookStatus.Draft => "chip-warn",
        _ => "chip-muted",
    };

    public static string ProgressClass(EnrolmentStatus progress) => progress switch
    {
        EnrolmentStatus.OnTrack => "chip-ok",
        EnrolmentStatus.Late => "chip-warn",
        EnrolmentStatus.Stalled => "chip-bad",
        EnrolmentStatus.Completed => "chip-tag",
        _ => "chip-muted",
    };

    public static string StateClass(EnrolmentState state) => state switch
    {
        EnrolmentState.Running => "chip-ok",
        EnrolmentState.Paused => "chip-warn",
        _ => "chip-muted",
    };

    public static string StepStateClass(StepState state) => state switch
    {
        StepState.Done => "chip-ok",
        StepState.Late => "chip-bad",
        StepState.Due or StepState.Waiting => "chip-warn",
        StepState.Upcoming => "chip-tag",
        _ => "chip-muted",
    };

    /// <summary>An outcome of the timeline ("task done", "suppressed") in the reader's words.</summary>
    public static string Outcome(string outcome, Loc l) => l.Find($"outcome.{outcome.Replace(' ', '_')}") ?? outcome;

    /// <summary>A suppression reason ("QuietHours: …") with its code in words when the cockpit has them.</summary>
    public static string Detail(string detail, Loc l)
    {
        var code = detail.Split(':', 2)[0].Trim();
        return l.Find($"SolicitationReason.{code}") is { } words ? words + detail[code.Length..] : detail;
    }
}
