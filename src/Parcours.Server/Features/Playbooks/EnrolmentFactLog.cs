using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// Records what becomes known about an enrolment (an event seen, a task done, a milestone ticked, a step skipped) and
/// asks the agenda to advance it now. Facts are first-wins per (kind, key): the planner needs the first sighting of an
/// event and the completion of a step, nothing later. Kept apart from <see cref="PlaybookRunner"/> so that team tasks
/// can report completions without depending on the runner that creates them.
/// </summary>
public sealed class EnrolmentFactLog(AgendaScheduler scheduler, TimeProvider clock)
{
    /// <summary>The idempotency key of the message or task a playbook step makes; <see cref="TaskStep"/> reads it back.</summary>
    public static string EffectKey(Guid enrolmentId, string stepKey) => $"pb:{enrolmentId:N}:{stepKey}";

    public static (Guid EnrolmentId, string StepKey)? TaskStep(string idempotencyKey)
    {
        var parts = idempotencyKey.Split(':', 3);
        return parts is ["pb", var id, var step] && Guid.TryParseExact(id, "N", out var enrolment) ? (enrolment, step) : null;
    }

    /// <summary>Adds the fact unless one of that kind and key is known; true when it was new. Schedules an advance when it was.</summary>
    public async Task<bool> RecordAsync(
        ParcoursDbContext db, Guid enrolmentId, EnrolmentFactKind kind, string key, DateTime at, string? note, Guid? by, CancellationToken ct, bool advance = true)
    {
        if (await db.EnrolmentFacts.AnyAsync(f => f.EnrolmentId == enrolmentId && f.Kind == kind && f.Key == key, ct))
        {
            return false;
        }

        db.EnrolmentFacts.Add(new EnrolmentFact
        {
            WorkspaceId = db.Scope.Current!.Value,
            EnrolmentId = enrolmentId,
            Kind = kind,
            Key = key,
            At = DateTime.SpecifyKind(at, DateTimeKind.Utc),
            Note = note is { Length: > EnrolmentFact.MaxNoteLength } ? note[..EnrolmentFact.MaxNoteLength] : note,
            By = by,
        });
        await db.SaveChangesAsync(ct);
        if (advance)
        {
            await AdvanceSoonAsync(db, enrolmentId, ct);
        }

        return true;
    }

    /// <summary>A team task created by a playbook was completed: the step is done, with the outcome as its note.</summary>
    public async Task TaskCompletedAsync(ParcoursDbContext db, string idempotencyKey, DateTime at, string? outcome, Guid? by, CancellationToken ct)
    {
        if (TaskStep(idempotencyKey) is { } step && await db.Enrolments.AnyAsync(e => e.Id == step.EnrolmentId, ct))
        {
            await RecordAsync(db, step.EnrolmentId, EnrolmentFactKind.Done, step.StepKey, at, outcome, by, ct);
        }
    }

    /// <summary>An event Parcours itself records for an account (<c>account_churned</c>): noted on the account's open enrolments.</summary>
    public async Task AccountEventAsync(ParcoursDbContext db, AccountId account, string eventName, CancellationToken ct)
    {
        var open = await db.Enrolments.Where(e => e.AccountId == account && (e.State == EnrolmentState.Running || e.State == EnrolmentState.Paused))
            .Select(e => e.Id).ToListAsync(ct);
        foreach (var enrolment in open)
        {
            await RecordAsync(db, enrolment, EnrolmentFactKind.Event, eventName, clock.GetUtcNow().UtcDateTime, "Recorded by Parcours", null, ct);
        }
    }

    /// <summary>
    /// Schedules an advance of the enrolment now, for a new fact. Each gets its own item: one named by the instant could
    /// match an advance that already ran at that same instant, and the new fact would wait for the next planned one.
    /// </summary>
    public Task AdvanceSoonAsync(ParcoursDbContext db, Guid enrolmentId, CancellationToken ct) =>
        ScheduleAsync(db, enrolmentId, clock.GetUtcNow().UtcDateTime, $"{PlaybookRunner.AdvanceKind}:{enrolmentId:N}:fact:{Guid.CreateVersion7(clock.GetUtcNow()):N}", ct);

    /// <summary>Schedules the advance at the plan's next instant; the same instant planned twice is one item.</summary>
    public Task AdvanceAtAsync(ParcoursDbContext db, Guid enrolmentId, DateTime at, CancellationToken ct) =>
        ScheduleAsync(db, enrolmentId, at, $"{PlaybookRunner.AdvanceKind}:{enrolmentId:N}:{at.Ticks}", ct);

    private async Task ScheduleAsync(ParcoursDbContext db, Guid enrolmentId, DateTime at, string key, CancellationToken ct)
    {
        var scheduled = await scheduler.ScheduleAsync(db, new AgendaEntry(PlaybookRunner.AdvanceKind, at, key, enrolmentId.ToString()), ct);
        if (scheduled.Error is { } error)
        {
            throw new InvalidOperationException($"The enrolment's advance could not be scheduled: {error.Detail}");
        }
    }

    /// <summary>The planner's input from the stored facts (skipped steps count as done).</summary>
    public static EnrolmentFacts ToPlannerFacts(IEnumerable<EnrolmentFact> facts, DateTimeOffset now)
    {
        var list = facts.ToList();
        return new EnrolmentFacts(
            now,
            [.. list.Where(f => f.Kind == EnrolmentFactKind.Event).Select(f => new ObservedEvent(f.Key, new DateTimeOffset(f.At, TimeSpan.Zero)))],
            list.Where(f => f.Kind is EnrolmentFactKind.Done or EnrolmentFactKind.Skipped)
                .GroupBy(f => f.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new DateTimeOffset(g.Min(f => f.At), TimeSpan.Zero), StringComparer.Ordinal));
    }
}
