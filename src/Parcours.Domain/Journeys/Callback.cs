using Parcours.Domain.Common;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>Why a callback was opened; an answer may give both reasons.</summary>
public enum CallbackReason
{
    /// <summary>An NPS answer of 0 to 6, whatever the point's threshold.</summary>
    Detractor = 0,

    /// <summary>The headline answer is strictly under the point's alert threshold.</summary>
    UnderThreshold = 1,
}

public enum CallbackState
{
    /// <summary>Nobody has called yet; the deadline has not passed.</summary>
    Open = 0,

    /// <summary>Nobody has called and the deadline has passed: escalate to the owner's manager.</summary>
    Overdue = 1,

    /// <summary>At least one call was made; not closed yet.</summary>
    Called = 2,
    Closed = 3,
}

/// <summary>One call (or attempt) to the customer, and what came of it: seed 004's "historisation des réponses apportées".</summary>
public sealed record CallbackAttempt(DateTimeOffset At, UserId By, bool Reached, string? Notes = null, string? Action = null)
{
    public const int MaxTextLength = 2000;
}

/// <summary>
/// The callback of a dissatisfied answer (seed 004, "le rappel des insatisfaits"), for the account's manager or CSM,
/// due <see cref="CallbackRule.DeadlineHours"/> after the answer. The deadline is for the first call: time to first
/// callback is what the seed says makes the "wow", and a manager who called but could not reach the customer is not
/// late. Overdue callbacks escalate once, to the owner's manager. Immutable: each method returns the changed copy.
/// </summary>
public sealed record Callback(
    SurveyResponseId ResponseId,
    string PointKey,
    UserId Owner,
    IReadOnlyList<CallbackReason> Reasons,
    DateTimeOffset OpenedAt,
    DateTimeOffset DueAt,
    IReadOnlyList<CallbackAttempt>? Attempts = null,
    UserId? EscalatedTo = null,
    DateTimeOffset? EscalatedAt = null,
    DateTimeOffset? ClosedAt = null,
    string? Outcome = null)
{
    public IReadOnlyList<CallbackAttempt> Attempts { get; init; } = Attempts ?? [];

    /// <summary>
    /// Why an answer to the point opens a callback: any NPS detractor in the response, and the headline answer under
    /// the point's alert threshold. Empty when it opens none.
    /// </summary>
    public static IReadOnlyList<CallbackReason> ReasonsFor(MeasurementPoint point, SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(answers);
        var reasons = new List<CallbackReason>();
        if (answers.Any(a => a is ScoreAnswer score && survey.Question(a.QuestionKey) is NpsQuestion && Nps.Categorize(score.Score) == NpsCategory.Detractor))
        {
            reasons.Add(CallbackReason.Detractor);
        }

        if (survey.Headline is { } headline && answers.Select(a => SurveyHeadline.AnswerScore(headline, a)).FirstOrDefault(s => s is not null) is { } scored
            && scored < point.AlertThreshold)
        {
            reasons.Add(CallbackReason.UnderThreshold);
        }

        return reasons;
    }

    /// <summary>The callback a response opens, due after the point's deadline; null when the answers give no reason.</summary>
    public static Callback? OpenFor(
        MeasurementPoint point, SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers, SurveyResponseId responseId, UserId owner, DateTimeOffset answeredAt)
    {
        var reasons = ReasonsFor(point, survey, answers);
        return reasons.Count == 0 ? null : new Callback(responseId, point.Key, owner, reasons, answeredAt, answeredAt + point.Callback.Deadline);
    }

    public DateTimeOffset? FirstCallbackAt => Attempts.Count == 0 ? null : Attempts.Min(a => a.At);

    /// <summary>From the answer to the first call; null until someone calls.</summary>
    public TimeSpan? TimeToFirstCallback => FirstCallbackAt - OpenedAt;

    /// <summary>Whether the first call came by the deadline; null until someone calls.</summary>
    public bool? CalledInTime => FirstCallbackAt is { } first ? first <= DueAt : null;

    public CallbackState StateAt(DateTimeOffset now) =>
        ClosedAt is not null ? CallbackState.Closed
        : Attempts.Count > 0 ? CallbackState.Called
        : now > DueAt ? CallbackState.Overdue
        : CallbackState.Open;

    /// <summary>Records a call; refused once closed, before the callback opened, or with notes over the limit.</summary>
    public Result<Callback> Record(CallbackAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (ClosedAt is not null)
        {
            return new Error.Conflict("callback_closed", "This callback is closed; open a new one to call again.");
        }

        var checks = new Checks();
        if (attempt.At < OpenedAt)
        {
            checks.Fail("before_opened", "A call cannot come before the answer that opened the callback.", "at");
        }

        var notes = checks.Take(Values.OptionalText("notes", attempt.Notes, CallbackAttempt.MaxTextLength));
        var action = checks.Take(Values.OptionalText("action", attempt.Action, CallbackAttempt.MaxTextLength));
        return checks.Finish(() => this with { Attempts = [.. Attempts, attempt with { Notes = notes, Action = action }] });
    }

    /// <summary>Closes the callback with what came of it.</summary>
    public Result<Callback> Close(DateTimeOffset at, string? outcome)
    {
        if (ClosedAt is not null)
        {
            return new Error.Conflict("callback_closed", "This callback is already closed.");
        }

        var checks = new Checks();
        if (at < OpenedAt)
        {
            checks.Fail("before_opened", "A callback cannot close before it opened.", "at");
        }

        var clean = checks.Take(Values.OptionalText("outcome", outcome, CallbackAttempt.MaxTextLength));
        return checks.Finish(() => this with { ClosedAt = at, Outcome = clean });
    }

    /// <summary>
    /// Escalates an overdue callback to <paramref name="ownersManager"/>, once. Refused when it is not overdue at
    /// <paramref name="now"/>, already escalated, or the owner has no manager (the server then alerts the admins).
    /// </summary>
    public Result<Callback> Escalate(DateTimeOffset now, UserId? ownersManager)
    {
        if (StateAt(now) != CallbackState.Overdue)
        {
            return new Error.Conflict("callback_not_overdue", $"Only an overdue callback escalates; this one is {StateAt(now).ToString().ToLowerInvariant()}.");
        }

        if (EscalatedTo is not null)
        {
            return new Error.Conflict("callback_escalated", "This callback was already escalated.");
        }

        return ownersManager is { } manager
            ? this with { EscalatedTo = manager, EscalatedAt = now }
            : new Error.NotFound("no_manager", "The callback's owner has no manager to escalate to.");
    }
}
