using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// Enrols a subject: a person (customer contact, new employee) or an account, whose messages go to
/// <paramref name="PersonId"/> when given, else to the account's first stakeholder. <paramref name="StartAt"/> (default
/// now) may be up to a year ahead — a new employee enrolled before the first day — and up to a day back.
/// </summary>
public sealed record EnrolRequest(
    Guid? PersonId,
    Guid? AccountId,
    DateTime? StartAt = null,
    Guid? CsmId = null,
    Guid? ManagerId = null,
    Guid? MentorId = null,
    Guid? HrId = null,
    [property: StringLength(EnrolmentRow.MaxKeyLength)] string? IdempotencyKey = null);

public sealed record SkipStepRequest([property: StringLength(EnrolmentFact.MaxNoteLength)] string? Reason);

/// <summary>Enrolment, and the changes a person makes to one: pause, resume, cancel, skip a step, tick a milestone, move to another version.</summary>
public sealed class Enrolments(EnrolmentFactLog facts, TimeProvider clock)
{
    public static readonly TimeSpan LatestStart = TimeSpan.FromDays(365);
    public static readonly TimeSpan EarliestStart = TimeSpan.FromDays(1);

    /// <summary>Enrols into the latest published version of <paramref name="playbookKey"/>. An open enrolment of the same subject in it is a conflict.</summary>
    public async Task<Result<EnrolmentRow>> EnrolAsync(
        ParcoursDbContext db, string playbookKey, EnrolRequest request, string source, Guid? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (request.IdempotencyKey is { } key && await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.IdempotencyKey == key, ct) is { } repeated)
        {
            return repeated;
        }

        var version = await db.PlaybookVersions.AsNoTracking().Where(v => v.Key == playbookKey && v.Status == PlaybookStatus.Published)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return await db.PlaybookVersions.AnyAsync(v => v.Key == playbookKey, ct)
                ? new Error.Conflict("playbook_not_published", $"Playbook '{playbookKey}' has no published version: publish it before enrolling.")
                : new Error.NotFound("playbook_not_found", $"No playbook keyed '{playbookKey}' in this workspace.");
        }

        var start = request.StartAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : now;
        if (start < now - EarliestStart || start > now + LatestStart)
        {
            return new Error.Invalid("invalid_start", "An enrolment starts between yesterday and a year from now.", "startAt");
        }

        var subject = await SubjectAsync(db, version.Subject, request, ct);
        if (subject.Error is { } subjectError)
        {
            return subjectError;
        }

        var (person, account, zone) = subject.Value;
        var open = await db.Enrolments.AsNoTracking().Where(e => e.PlaybookKey == playbookKey && (e.State == EnrolmentState.Running || e.State == EnrolmentState.Paused))
            .Where(e => version.Subject == SubjectKind.Account ? e.AccountId == account : e.PersonId == person)
            .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (open is { } openId)
        {
            return new Error.Conflict("already_enrolled", $"This subject is already going through '{playbookKey}' (enrolment {openId}).");
        }

        foreach (var (field, id) in new[] { ("csmId", request.CsmId), ("managerId", request.ManagerId), ("mentorId", request.MentorId), ("hrId", request.HrId) })
        {
            if (id is { } user && !await db.Users.AnyAsync(u => u.Id == user && u.WorkspaceId == version.WorkspaceId && u.DeactivatedAt == null, ct))
            {
                return new Error.Invalid("unknown_user", "Not an active member of this workspace's team.", field);
            }
        }

        var enrolment = new EnrolmentRow
        {
            WorkspaceId = version.WorkspaceId,
            Id = Guid.CreateVersion7(now),
            PlaybookVersionId = version.Id,
            PlaybookKey = version.Key,
            Version = version.Version,
            PersonId = person,
            AccountId = account,
            TimeZone = zone,
            EnrolledAt = start.UtcDateTime,
            LastProgressAt = start.UtcDateTime,
            State = EnrolmentState.Running,
            Progress = EnrolmentStatus.OnTrack,
            NextDueAt = start.UtcDateTime,
            Source = source,
            IdempotencyKey = request.IdempotencyKey ?? $"{source}:{Guid.CreateVersion7(now):N}",
            CsmId = request.CsmId ?? (account is { } a ? await db.Accounts.Where(x => x.Id == a).Select(x => x.OwnerId).SingleOrDefaultAsync(ct) is { } owner ? owner.Value : null : null),
            ManagerId = request.ManagerId,
            MentorId = request.MentorId,
            HrId = request.HrId,
            EnrolledBy = userId,
            UpdatedAt = now.UtcDateTime,
        };
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Enrolments.Add(enrolment);
        await db.SaveChangesAsync(ct);
        await facts.AdvanceAtAsync(db, enrolment.Id, start.UtcDateTime, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return enrolment;
    }

    public Task<Result<EnrolmentRow>> PauseAsync(ParcoursDbContext db, Guid id, CancellationToken ct) =>
        ChangeStateAsync(db, id, EnrolmentState.Running, EnrolmentState.Paused, "Only a running enrolment can be paused.", ct);

    /// <summary>Resumes where it stopped: steps that fell due meanwhile run now (dates are not shifted).</summary>
    public Task<Result<EnrolmentRow>> ResumeAsync(ParcoursDbContext db, Guid id, CancellationToken ct) =>
        ChangeStateAsync(db, id, EnrolmentState.Paused, EnrolmentState.Running, "Only a paused enrolment can be resumed.", ct);

    public async Task<Result<EnrolmentRow>> CancelAsync(ParcoursDbContext db, Guid id, CancellationToken ct)
    {
        if (await db.Enrolments.SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment)
        {
            return NotFound(id);
        }

        if (enrolment.State is not (EnrolmentState.Running or EnrolmentState.Paused))
        {
            return new Error.Conflict("enrolment_ended", "This enrolment has already ended.");
        }

        enrolment.State = EnrolmentState.Cancelled;
        enrolment.EndedAt = clock.GetUtcNow().UtcDateTime;
        enrolment.NextDueAt = null;
        enrolment.UpdatedAt = enrolment.EndedAt.Value;
        await db.SaveChangesAsync(ct);
        return enrolment;
    }

    /// <summary>
    /// Moves a running or paused enrolment to another version of its playbook — only ever when someone asks: the
    /// enrolment keeps its start and what is known (steps are matched by key, so a step the new version keeps stays done;
    /// a step it adds is planned from the start like any other, and runs now if its day has passed).
    /// </summary>
    public async Task<Result<EnrolmentRow>> MigrateAsync(ParcoursDbContext db, Guid id, int version, CancellationToken ct)
    {
        if (await db.Enrolments.SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment)
        {
            return NotFound(id);
        }

        if (enrolment.State is not (EnrolmentState.Running or EnrolmentState.Paused))
        {
            return new Error.Conflict("enrolment_ended", "This enrolment has ended; it stays on the version it ran.");
        }

        var target = await db.PlaybookVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Key == enrolment.PlaybookKey && v.Version == version, ct);
        if (target is null || target.Status == PlaybookStatus.Draft)
        {
            return new Error.Invalid("version_not_published", $"Playbook '{enrolment.PlaybookKey}' has no published or archived version {version}.", "version");
        }

        enrolment.PlaybookVersionId = target.Id;
        enrolment.Version = target.Version;
        enrolment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await facts.AdvanceSoonAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return enrolment;
    }

    /// <summary>Skips a step (a series occurrence is <c>key#n</c>): it counts as done, its message is not sent, its task not created.</summary>
    public Task<Result<EnrolmentRow>> SkipAsync(ParcoursDbContext db, Guid id, string stepKey, string? reason, Guid? userId, CancellationToken ct) =>
        StepFactAsync(db, id, stepKey, EnrolmentFactKind.Skipped, reason ?? "Skipped", userId, kind => kind != StepKind.Branch, "A branch decides by itself; skip the steps it leads to instead.", ct);

    /// <summary>Ticks a milestone as reached now, whatever its completion condition.</summary>
    public Task<Result<EnrolmentRow>> TickAsync(ParcoursDbContext db, Guid id, string stepKey, Guid? userId, CancellationToken ct) =>
        StepFactAsync(db, id, stepKey, EnrolmentFactKind.Done, "Ticked", userId, kind => kind == StepKind.Milestone, "Only a milestone can be ticked.", ct);

    private async Task<Result<EnrolmentRow>> StepFactAsync(
        ParcoursDbContext db, Guid id, string stepKey, EnrolmentFactKind kind, string note, Guid? userId, Func<StepKind, bool> allowed, string refusal, CancellationToken ct)
    {
        if (await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment)
        {
            return NotFound(id);
        }

        if (enrolment.State is not (EnrolmentState.Running or EnrolmentState.Paused))
        {
            return new Error.Conflict("enrolment_ended", "This enrolment has ended; its steps no longer change.");
        }

        var (definition, _) = await PlaybookRunner.VersionAsync(db, enrolment.PlaybookVersionId, ct);
        var baseKey = stepKey.Split('#')[0];
        if (definition.Step(baseKey) is not { } step || (step is not SeriesStep && baseKey != stepKey))
        {
            return new Error.NotFound("step_not_found", $"Playbook '{enrolment.PlaybookKey}' v{enrolment.Version} has no step '{stepKey}'.");
        }

        if (!allowed(step.Kind))
        {
            return new Error.Invalid("step_kind", refusal, "stepKey");
        }

        await facts.RecordAsync(db, id, kind, stepKey, clock.GetUtcNow().UtcDateTime, note, userId, ct);
        return enrolment;
    }

    private async Task<Result<EnrolmentRow>> ChangeStateAsync(ParcoursDbContext db, Guid id, EnrolmentState from, EnrolmentState to, string refusal, CancellationToken ct)
    {
        if (await db.Enrolments.SingleOrDefaultAsync(e => e.Id == id, ct) is not { } enrolment)
        {
            return NotFound(id);
        }

        if (enrolment.State != from)
        {
            return new Error.Conflict("enrolment_state", refusal);
        }

        enrolment.State = to;
        enrolment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (to == EnrolmentState.Running)
        {
            await facts.AdvanceSoonAsync(db, id, ct);
        }

        return enrolment;
    }

    private static async Task<Result<(PersonId? Person, AccountId? Account, string Zone)>> SubjectAsync(
        ParcoursDbContext db, SubjectKind kind, EnrolRequest request, CancellationToken ct)
    {
        PersonId? person = request.PersonId is { } p ? new PersonId(p) : null;
        AccountId? account = request.AccountId is { } a ? new AccountId(a) : null;
        if (account is { } accountId && !await db.Accounts.AnyAsync(x => x.Id == accountId, ct))
        {
            return new Error.Invalid("unknown_account", "No such account in this workspace.", "accountId");
        }

        if (kind == SubjectKind.Account)
        {
            if (account is not { } subjectAccount)
            {
                return new Error.Invalid("account_required", "This playbook onboards an account: give accountId.", "accountId");
            }

            person ??= await db.Stakeholders.Where(s => s.AccountId == subjectAccount).OrderBy(s => s.Role).Select(s => (PersonId?)s.PersonId).FirstOrDefaultAsync(ct);
        }
        else if (person is null)
        {
            return new Error.Invalid("person_required", "This playbook onboards a person: give personId.", "personId");
        }

        var zone = "Europe/Paris";
        if (person is { } personId)
        {
            if (await db.People.AsNoTracking().Where(x => x.Id == personId).Select(x => new { x.TimeZone }).SingleOrDefaultAsync(ct) is not { } found)
            {
                return new Error.Invalid("unknown_person", "No such person in this workspace.", "personId");
            }

            zone = found.TimeZone;
        }

        return (person, account, zone);
    }

    private static Error.NotFound NotFound(Guid id) => new("enrolment_not_found", $"No enrolment with id {id} in this workspace.");
}
