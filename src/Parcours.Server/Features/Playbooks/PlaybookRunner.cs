using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Messaging;
using Parcours.Server.Features.Tasks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// Runs enrolments. Each run (<see cref="AdvanceAsync"/>, on the agenda item <c>playbook.advance</c>) recomputes the
/// timeline with <see cref="EnrolmentPlanner"/> from the stored facts, does what has fallen due — queue the message
/// (through the dispatcher, so the solicitation rules apply), create the task — records it, keeps the planner's status
/// for the overview and schedules the next run at the plan's next instant. One transaction per run; every side effect is
/// named by the enrolment and the step, so a run repeated after a crash does nothing twice.
/// </summary>
public sealed partial class PlaybookRunner(
    MessageDispatcher dispatcher,
    TeamTasks tasks,
    EnrolmentFactLog facts,
    EnrolmentData data,
    TemplateRenderer renderer,
    TimeProvider clock,
    ILogger<PlaybookRunner> logger)
{
    public const string AdvanceKind = "playbook.advance";
    public const string EventKind = "playbook.event";

    private static readonly ConcurrentDictionary<Guid, (PlaybookDefinition Definition, Dictionary<string, Guid> Templates)> Versions = new();

    /// <summary>Advances one enrolment; a paused, cancelled or finished one is left as it is.</summary>
    public async Task<EnrolmentPlan?> AdvanceAsync(ParcoursDbContext db, Guid enrolmentId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var enrolment = await db.Enrolments.SingleOrDefaultAsync(e => e.Id == enrolmentId, ct);
        if (enrolment is not { State: EnrolmentState.Running })
        {
            return null;
        }

        var (definition, templates) = await VersionAsync(db, enrolment.PlaybookVersionId, ct);
        var zone = StepSchedule.Zone(enrolment.TimeZone).Value;
        var now = clock.GetUtcNow();
        var known = await db.EnrolmentFacts.AsNoTracking().Where(f => f.EnrolmentId == enrolmentId).ToListAsync(ct);
        var plan = EnrolmentPlanner.Plan(definition, Utc(enrolment.EnrolledAt), zone, EnrolmentFactLog.ToPlannerFacts(known, now));

        var acted = false;
        Dictionary<string, object?>? variables = null;
        RenderModel? model = null;
        foreach (var step in plan.InState(StepState.Due).ToList())
        {
            switch (definition.Step(step.StepKey))
            {
                case SendMessageStep or SeriesStep:
                    variables ??= await data.ForAsync(db, enrolment, ct);
                    var series = definition.Step(step.StepKey) is SeriesStep ? plan.Steps.Count(s => s.StepKey == step.StepKey) : (int?)null;
                    await SendAsync(db, enrolment, step, templates[step.StepKey], EnrolmentData.Serialize(variables, step.Occurrence, series), now, ct);
                    acted = true;
                    break;
                case CreateTaskStep task when !known.Any(f => f.Kind == EnrolmentFactKind.Started && f.Key == step.Key):
                    variables ??= await data.ForAsync(db, enrolment, ct);
                    model ??= await data.ModelAsync(db, enrolment, variables, ct);
                    await CreateTaskAsync(db, enrolment, task, step, model, ct);
                    acted = true;
                    break;
            }
        }

        if (acted)
        {
            known = await db.EnrolmentFacts.AsNoTracking().Where(f => f.EnrolmentId == enrolmentId).ToListAsync(ct);
            plan = EnrolmentPlanner.Plan(definition, Utc(enrolment.EnrolledAt), zone, EnrolmentFactLog.ToPlannerFacts(known, now));
        }

        Keep(enrolment, plan, now);
        await db.SaveChangesAsync(ct);
        if (enrolment.State == EnrolmentState.Running && plan.NextDueAt is { } next)
        {
            await facts.AdvanceAtAsync(db, enrolment.Id, next.UtcDateTime, ct);
        }

        await transaction.CommitAsync(ct);
        return plan;
    }

    /// <summary>
    /// The plan of an enrolment now, without acting (for the timeline page, the overview and the API), from
    /// <paramref name="known"/> when the caller has read the facts already, else from the store.
    /// </summary>
    public async Task<EnrolmentPlan> PlanAsync(ParcoursDbContext db, EnrolmentRow enrolment, IReadOnlyList<EnrolmentFact>? known, CancellationToken ct)
    {
        var (definition, _) = await VersionAsync(db, enrolment.PlaybookVersionId, ct);
        known ??= await db.EnrolmentFacts.AsNoTracking().Where(f => f.EnrolmentId == enrolment.Id).ToListAsync(ct);
        var now = enrolment.State is EnrolmentState.Finished or EnrolmentState.Cancelled && enrolment.EndedAt is { } ended ? Utc(ended) : clock.GetUtcNow();
        return EnrolmentPlanner.Plan(definition, Utc(enrolment.EnrolledAt), StepSchedule.Zone(enrolment.TimeZone).Value, EnrolmentFactLog.ToPlannerFacts(known, now));
    }

    /// <summary>The definition and step templates of a version; versions in use never change, so they are kept in memory.</summary>
    public static async Task<(PlaybookDefinition Definition, Dictionary<string, Guid> Templates)> VersionAsync(ParcoursDbContext db, Guid versionId, CancellationToken ct)
    {
        if (Versions.TryGetValue(versionId, out var cached))
        {
            return cached;
        }

        var row = await db.PlaybookVersions.AsNoTracking().SingleAsync(v => v.Id == versionId, ct);
        var version = (PlaybookVersions.DefinitionOf(row), JsonSerializer.Deserialize<Dictionary<string, Guid>>(row.StepTemplates) ?? []);
        if (row.Status != PlaybookStatus.Draft)
        {
            Versions[versionId] = version;
        }

        return version;
    }

    /// <summary>Stores the planner's verdict; a completed or exited plan finishes the enrolment.</summary>
    public static void Keep(EnrolmentRow enrolment, EnrolmentPlan plan, DateTimeOffset now)
    {
        enrolment.Progress = plan.Status;
        enrolment.NextDueAt = plan.NextDueAt?.UtcDateTime;
        enrolment.OnboardedAt = plan.OnboardedAt?.UtcDateTime;
        enrolment.LastProgressAt = plan.LastProgressAt.UtcDateTime;
        enrolment.UpdatedAt = now.UtcDateTime;
        if (plan.Status is EnrolmentStatus.Completed or EnrolmentStatus.Exited && enrolment.State == EnrolmentState.Running)
        {
            enrolment.State = EnrolmentState.Finished;
            enrolment.EndedAt = (plan.ExitedAt ?? now).UtcDateTime;
            enrolment.NextDueAt = null;
        }
    }

    private async Task SendAsync(ParcoursDbContext db, EnrolmentRow enrolment, PlannedStep step, Guid templateId, string variables, DateTimeOffset now, CancellationToken ct)
    {
        if (enrolment.PersonId is not { } person)
        {
            await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Skipped, step.Key, now.UtcDateTime, "No contact to write to: add one to the account's stakeholders.", null, ct, advance: false);
            return;
        }

        var queued = await dispatcher.QueueAsync(db, new MessageRequest(
            person, templateId, "playbook", $"playbook:{enrolment.PlaybookKey}", EnrolmentFactLog.EffectKey(enrolment.Id, step.Key), now.UtcDateTime, variables, enrolment.AccountId), ct);
        if (queued.Error is { } error)
        {
            Log.StepRefused(logger, step.Key, enrolment.Id, error.Detail);
            await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Skipped, step.Key, now.UtcDateTime, error.Detail, null, ct, advance: false);
            return;
        }

        await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Done, step.Key, now.UtcDateTime, queued.Value.MessageId.ToString(), null, ct, advance: false);
    }

    private async Task CreateTaskAsync(ParcoursDbContext db, EnrolmentRow enrolment, CreateTaskStep step, PlannedStep planned, RenderModel model, CancellationToken ct)
    {
        var locale = enrolment.PersonId is { } personId
            ? await db.People.Where(p => p.Id == personId).Select(p => p.Locale).SingleOrDefaultAsync(ct)
            : null;
        var assignee = await AssigneeAsync(db, enrolment, step.Assignee, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (assignee is null)
        {
            await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Started, step.Key, now, "Nobody in the team could take this task.", null, ct, advance: false);
            return;
        }

        var created = await tasks.CreateAsync(db, new TaskRequest(
            assignee.Value, PlaybookTexts.Fill(renderer, step.Title.For(locale), model), planned.DueAt?.UtcDateTime ?? now, $"playbook:{enrolment.PlaybookKey}",
            EnrolmentFactLog.EffectKey(enrolment.Id, step.Key), enrolment.PersonId, enrolment.AccountId,
            step.Description is null ? null : PlaybookTexts.Fill(renderer, step.Description.For(locale), model)), ct);
        var note = created.IsSuccess ? created.Value.Id.ToString() : created.Error!.Detail;
        await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Started, step.Key, now, note, null, ct, advance: false);
    }

    /// <summary>The role's holder on the enrolment, else the account's owner, else whoever enrolled, else an administrator.</summary>
    private static async Task<Guid?> AssigneeAsync(ParcoursDbContext db, EnrolmentRow enrolment, AssigneeRole role, CancellationToken ct)
    {
        var chosen = role switch
        {
            AssigneeRole.Csm or AssigneeRole.AccountOwner => enrolment.CsmId,
            AssigneeRole.Manager => enrolment.ManagerId,
            AssigneeRole.Mentor => enrolment.MentorId,
            AssigneeRole.Hr => enrolment.HrId,
            _ => null,
        };
        if (chosen is null && enrolment.AccountId is { } account)
        {
            chosen = await db.Accounts.Where(a => a.Id == account).Select(a => a.OwnerId).SingleOrDefaultAsync(ct) is { } owner ? owner.Value : null;
        }

        var candidates = new[] { chosen, enrolment.CsmId, enrolment.EnrolledBy }.OfType<Guid>().Distinct().ToList();
        var active = await db.Users.Where(u => u.WorkspaceId == enrolment.WorkspaceId && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.CreatedAt }).ToListAsync(ct);
        return candidates.FirstOrDefault(c => active.Any(u => u.Id == c)) is var found && found != Guid.Empty
            ? found
            : active.OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefault();
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc), TimeSpan.Zero);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Step {StepKey} of enrolment {EnrolmentId} could not be queued: {Reason}")]
        public static partial void StepRefused(ILogger logger, string stepKey, Guid enrolmentId, string reason);
    }
}
