using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Agenda;

namespace Parcours.Server.Features.Playbooks;

/// <summary>Runs an enrolment's due steps (<c>playbook.advance</c>, subject = enrolment id).</summary>
public sealed class AdvanceEnrolmentHandler(ParcoursDbContext db, PlaybookRunner runner) : IAgendaHandler
{
    public string Kind => PlaybookRunner.AdvanceKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id))
        {
            return AgendaResult.Park($"'{work.SubjectId}' is not an enrolment id.");
        }

        await runner.AdvanceAsync(db, id, ct);
        return AgendaResult.Done;
    }
}

/// <summary>
/// An event some playbook reacts to (<c>playbook.event</c>, from ingestion): enrols its person or account into the
/// published playbooks it triggers, and records it on the open enrolments of that person or account that wait for it.
/// </summary>
public sealed class PlaybookEventHandler(ParcoursDbContext db, Enrolments enrolments, EnrolmentFactLog facts, TimeProvider clock) : IAgendaHandler
{
    public string Kind => PlaybookRunner.EventKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        var e = PlaybookEventReactor.Read(work.Payload ?? "");
        var person = e.UserId is null ? null : await db.People.Where(p => p.ExternalId == e.UserId).Select(p => (PersonId?)p.Id).FirstOrDefaultAsync(ct);
        var account = e.GroupId is null ? null : await db.Accounts.Where(a => a.ExternalId == e.GroupId).Select(a => (AccountId?)a.Id).FirstOrDefaultAsync(ct);
        if (account is null && person is { } known)
        {
            account = await db.Stakeholders.Where(s => s.PersonId == known).Select(s => (AccountId?)s.AccountId).FirstOrDefaultAsync(ct);
        }

        await EnrolAsync(e, person, account, ct);
        await RecordAsync(e, person, account, ct);
        return AgendaResult.Done;
    }

    private async Task EnrolAsync(PlaybookEvent e, PersonId? person, AccountId? account, CancellationToken ct)
    {
        var triggered = await db.PlaybookVersions.AsNoTracking().Where(v => v.Status == PlaybookStatus.Published && v.TriggerEvent == e.Name)
            .Select(v => new { v.Key, v.Subject }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var start = e.At < now - Enrolments.EarliestStart || e.At > now ? now : e.At;
        foreach (var playbook in triggered)
        {
            if (playbook.Subject == SubjectKind.Account ? account is null : person is null)
            {
                continue;
            }

            // A subject already going through the playbook is not enrolled twice: the conflict is the expected answer.
            await enrolments.EnrolAsync(db, playbook.Key, new EnrolRequest(person?.Value, account?.Value, start, IdempotencyKey: $"event:{e.MessageId}:{playbook.Key}"), "event", null, ct);
        }
    }

    private async Task RecordAsync(PlaybookEvent e, PersonId? person, AccountId? account, CancellationToken ct)
    {
        if (person is null && account is null)
        {
            return;
        }

        var open = await db.Enrolments.AsNoTracking()
            .Where(x => x.State == EnrolmentState.Running || x.State == EnrolmentState.Paused)
            .Where(x => (person != null && x.PersonId == person) || (account != null && x.AccountId == account))
            .Join(db.PlaybookVersions, x => x.PlaybookVersionId, v => v.Id, (x, v) => new { x.Id, x.EnrolledAt, v.EventNames })
            .ToListAsync(ct);
        foreach (var enrolment in open.Where(x => x.EventNames.Split('\n').Contains(e.Name) && e.At >= x.EnrolledAt))
        {
            await facts.RecordAsync(db, enrolment.Id, EnrolmentFactKind.Event, e.Name, e.At, e.MessageId, null, ct);
        }
    }
}
