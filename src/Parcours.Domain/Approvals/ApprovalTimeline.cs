namespace Parcours.Domain.Approvals;

public enum ApprovalStatus
{
    /// <summary>Waiting for the contact at <c>Step</c> of the chain.</summary>
    Pending = 0,
    Approved = 1,

    /// <summary>The contact answered with a comment instead of approving: the CSM takes it from there.</summary>
    ChangesRequested = 2,

    /// <summary>Nobody in the chain answered: a task went to the CSM, and a late answer is still accepted.</summary>
    EscalatedToCsm = 3,
    Cancelled = 4,
}

/// <summary>
/// Seed 002's operating frame as rules: who validates (an ordered chain of customer contacts), within which delay, and
/// what happens on no answer — one reminder before the deadline, then the next contact, then the CSM. Pure timing:
/// given when the current contact was asked, when to remind and when the deadline falls.
/// </summary>
public sealed record ApprovalTimeline(int DeadlineHours = ApprovalTimeline.DefaultDeadlineHours, int ReminderBeforeHours = ApprovalTimeline.DefaultReminderBeforeHours)
{
    public const int DefaultDeadlineHours = 72;
    public const int DefaultReminderBeforeHours = 24;
    public const int MaxDeadlineHours = 24 * 60;
    public const int MaxChainLength = 5;

    public DateTimeOffset DeadlineFrom(DateTimeOffset askedAt) => askedAt.AddHours(DeadlineHours);

    /// <summary>When to send the one reminder; null when the delay is too short for one to help (under half the delay).</summary>
    public DateTimeOffset? ReminderFrom(DateTimeOffset askedAt) =>
        ReminderBeforeHours > 0 && ReminderBeforeHours * 2 <= DeadlineHours ? DeadlineFrom(askedAt).AddHours(-ReminderBeforeHours) : null;

    /// <summary>What the deadline of step <paramref name="step"/> leads to: the next contact's step, or null for the CSM.</summary>
    public static int? NextStep(int step, int chainLength) => step + 1 < chainLength ? step + 1 : null;

    /// <summary>Every problem with the rules and the chain; empty when valid.</summary>
    public IReadOnlyList<string> Problems(int chainLength)
    {
        var problems = new List<string>();
        if (DeadlineHours is < 1 or > MaxDeadlineHours)
        {
            problems.Add($"The delay to answer is 1 to {MaxDeadlineHours} hours.");
        }

        if (ReminderBeforeHours < 0 || ReminderBeforeHours >= DeadlineHours)
        {
            problems.Add("The reminder comes before the deadline (0 for none).");
        }

        if (chainLength is < 1 or > MaxChainLength)
        {
            problems.Add($"An approval goes to 1 to {MaxChainLength} contacts, in the order they are asked.");
        }

        return problems;
    }
}
