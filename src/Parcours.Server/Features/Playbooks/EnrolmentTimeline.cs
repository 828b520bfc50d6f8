using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// One line of an enrolment's timeline. <see cref="Outcome"/> says what happened in words a CSM reads (sent, opened,
/// clicked, suppressed, task done…); <see cref="Detail"/> carries the reason of a suppression or skip, or a task's outcome.
/// </summary>
public sealed record EnrolmentStepView(
    string Key, string StepKey, StepKind Kind, StepState State, string Title, DateTime? DueAt, DateTime? CompletedAt, bool Projected,
    int? Occurrence, string? Channel, string? Outcome, string? Detail, Guid? MessageId, Guid? TaskId, DateTime? TimesOutAt);

public sealed record EnrolmentView(
    Guid Id, string PlaybookKey, string PlaybookName, int Version, EnrolmentState State, EnrolmentStatus Progress,
    Guid? PersonId, string? PersonName, Guid? AccountId, string? AccountName, DateTime EnrolledAt, DateTime? EndedAt,
    DateTime? OnboardedAt, DateTime? NextDueAt, string TimeZone, string Source, IReadOnlyList<EnrolmentStepView> Steps);

public sealed record EnrolmentListItem(
    Guid Id, string PlaybookKey, int Version, EnrolmentState State, EnrolmentStatus Progress, Guid? PersonId, string? PersonName,
    Guid? AccountId, string? AccountName, DateTime EnrolledAt, DateTime? NextDueAt, DateTime? OnboardedAt, DateTime? EndedAt);

/// <summary>Reads enrolments for the cockpit and the API: the plan joined with the messages and tasks its steps made.</summary>
public sealed class EnrolmentTimeline(PlaybookRunner runner, EnrolmentData data, Infrastructure.Messaging.TemplateRenderer renderer)
{
    public async Task<Result<EnrolmentView>> GetAsync(ParcoursDbContext db, Guid id, CancellationToken ct)
    {
        if (await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment)
        {
            return new Error.NotFound("enrolment_not_found", $"No enrolment with id {id} in this workspace.");
        }

        var (definition, _) = await PlaybookRunner.VersionAsync(db, enrolment.PlaybookVersionId, ct);
        var facts = await db.EnrolmentFacts.AsNoTracking().Where(f => f.EnrolmentId == id).ToListAsync(ct);
        var plan = await runner.PlanAsync(db, enrolment, facts, ct);
        var prefix = EnrolmentFactLog.EffectKey(enrolment.Id, "");
        var messages = await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey.StartsWith(prefix))
            .Select(m => new { m.IdempotencyKey, m.Id, m.Status, m.Reason, m.Detail, m.SentAt, m.ClickedAt, m.ReadAt, m.DeferredUntil }).ToListAsync(ct);
        var tasks = await db.TeamTasks.AsNoTracking().Where(t => t.IdempotencyKey.StartsWith(prefix))
            .Select(t => new { t.IdempotencyKey, t.Id, t.Status, t.Outcome, t.CompletedAt }).ToListAsync(ct);
        var person = enrolment.PersonId is { } p ? await db.People.AsNoTracking().Where(x => x.Id == p).Select(x => new { x.FirstName, x.LastName, x.Locale }).SingleOrDefaultAsync(ct) : null;
        var account = enrolment.AccountId is { } a ? await db.Accounts.AsNoTracking().Where(x => x.Id == a).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        var locale = person?.Locale;
        var model = await data.ModelAsync(db, enrolment, await data.ForAsync(db, enrolment, ct), ct);

        var steps = plan.Steps.Select(step =>
        {
            var key = EnrolmentFactLog.EffectKey(enrolment.Id, step.Key);
            var message = messages.FirstOrDefault(m => m.IdempotencyKey == key);
            var task = tasks.FirstOrDefault(t => t.IdempotencyKey == key);
            var skipped = facts.FirstOrDefault(f => f.Kind == EnrolmentFactKind.Skipped && f.Key == step.Key);
            var ticked = facts.FirstOrDefault(f => f.Kind == EnrolmentFactKind.Done && f.Key == step.Key && f.Note == "Ticked");
            var (outcome, detail) = (message, task, skipped, ticked) switch
            {
                ({ } m, _, _, _) => (MessageOutcome(m.Status, m.ClickedAt, m.ReadAt), m.Status is MessageStatus.Suppressed or MessageStatus.Failed or MessageStatus.Deferred ? m.Reason + (m.Detail is null ? "" : $": {m.Detail}") : null),
                (_, _, { } s, _) => ("skipped", s.Note),
                (_, { } t, _, _) => (t.Status switch { TeamTaskStatus.Done => "task done", TeamTaskStatus.Cancelled => "task cancelled", _ => "task open" }, t.Outcome),
                (_, _, _, { }) => ("ticked", null),
                _ => ((string?)null, (string?)null),
            };
            var channel = definition.Step(step.StepKey) switch
            {
                SendMessageStep m => m.Channel.ToString(),
                SeriesStep s => s.Channel.ToString(),
                _ => null,
            };
            return new EnrolmentStepView(step.Key, step.StepKey, step.Kind, step.State, PlaybookTexts.Fill(renderer, Title(definition.Step(step.StepKey)!, step.Occurrence, locale), model, step.Occurrence),
                step.DueAt?.UtcDateTime, step.CompletedAt?.UtcDateTime, step.Projected, step.Occurrence, channel, outcome, detail, message?.Id, task?.Id, step.TimesOutAt?.UtcDateTime);
        }).ToList();

        return new EnrolmentView(enrolment.Id, enrolment.PlaybookKey, definition.Name.For(locale), enrolment.Version, enrolment.State, enrolment.Progress,
            enrolment.PersonId?.Value, person is null ? null : $"{person.FirstName} {person.LastName}".Trim(), enrolment.AccountId?.Value, account,
            enrolment.EnrolledAt, enrolment.EndedAt, enrolment.OnboardedAt, enrolment.NextDueAt, enrolment.TimeZone, enrolment.Source, steps);
    }

    public static async Task<List<EnrolmentListItem>> ListAsync(ParcoursDbContext db, string? playbook, EnrolmentState? state, EnrolmentStatus? progress, CancellationToken ct)
    {
        var rows = await db.Enrolments.AsNoTracking()
            .Where(e => (playbook == null || e.PlaybookKey == playbook) && (state == null || e.State == state) && (progress == null || e.Progress == progress))
            .OrderByDescending(e => e.EnrolledAt).Take(500).ToListAsync(ct);
        var personIds = rows.Select(r => r.PersonId).OfType<PersonId>().Distinct().ToList();
        var accountIds = rows.Select(r => r.AccountId).OfType<AccountId>().Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => $"{p.FirstName} {p.LastName}".Trim(), ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return [.. rows.Select(e => new EnrolmentListItem(e.Id, e.PlaybookKey, e.Version, e.State, e.Progress,
            e.PersonId?.Value, e.PersonId is { } p && people.TryGetValue(p, out var pn) ? pn : null,
            e.AccountId?.Value, e.AccountId is { } a && accounts.TryGetValue(a, out var an) ? an : null,
            e.EnrolledAt, e.NextDueAt, e.OnboardedAt, e.EndedAt))];
    }

    /// <summary>A step's title as a CSM reads it on a timeline, in the subject's language.</summary>
    public static string Title(PlaybookStep step, int? occurrence, string? locale) => step switch
    {
        SendMessageStep m => m.Subject?.For(locale) ?? Short(m.Body.For(locale)),
        SeriesStep s => $"{s.Subject?.For(locale) ?? Short(s.Body.For(locale))} (#{occurrence})",
        CreateTaskStep t => t.Title.For(locale),
        MilestoneStep m => m.Name.For(locale),
        WaitUntilStep w => $"Wait for {w.EventName} ({w.TimeoutDays} days at most)",
        BranchStep b => b.Condition.Kind switch
        {
            BranchConditionKind.EventSeen => $"If {b.Condition.EventName} was seen",
            BranchConditionKind.TaskDone => $"If task {b.Condition.StepKey} is done",
            _ => $"If milestone {b.Condition.StepKey} is reached",
        },
        _ => step.Key,
    };

    private static string MessageOutcome(MessageStatus status, DateTime? clicked, DateTime? read) => (status, clicked, read) switch
    {
        (_, not null, _) => "clicked",
        (_, _, not null) => "read",
        (MessageStatus.Scheduled, _, _) => "queued",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Short(string text)
    {
        var line = text.Trim().Split('\n')[0];
        return line.Length <= 80 ? line : line[..77] + "…";
    }
}
