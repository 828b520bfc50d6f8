using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Domain.People;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// The demo's onboardings: the three built-in playbooks installed, and enrolments at every stage — new customers and
/// employees from the last months, fast ones onboarded, slow ones late, some stuck — with the messages sent, the tasks
/// done (with outcomes) or still open in the CSMs' inboxes, and the events that moved them. The history is played
/// through the same planner the runtime uses, day by day, so every timeline is one the product could have produced;
/// running enrolments are then handed to the agenda, which carries them on from now.
/// </summary>
public sealed class DemoPlaybooks(PlaybookVersions versions, EnrolmentFactLog facts, EnrolmentData data, TemplateRenderer renderer, SecretBox secrets, TimeProvider clock)
{
    private static readonly string[] TaskOutcomes =
    [
        "Joint, tout se passe bien. Quelques questions sur les exports, envoyé la doc.",
        "Messagerie : rappel demain matin.",
        "Fait en visio avec l'équipe, 45 min. Très engagés.",
        "Bloqué sur le SSO : ticket ouvert au support technique.",
        "Fait. Le sponsor veut un point mensuel.",
    ];

    public async Task SeedAsync(ParcoursDbContext db, int seed, CancellationToken ct)
    {
        var random = new Random(seed + 6);
        var now = clock.GetUtcNow();
        foreach (var builtIn in BuiltInPlaybooks.All)
        {
            await versions.InstallAsync(db, builtIn.Key, null, ct);
        }

        var team = await db.Users.Where(u => u.WorkspaceId == db.Scope.Current!.Value && u.DeactivatedAt == null).Select(u => u.Id).ToListAsync(ct);
        var since = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-150));
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.StartDate != null && a.StartDate >= since && a.ChurnedOn == null)
            .OrderByDescending(a => a.StartDate).Take(48).ToListAsync(ct);
        var employees = await db.People.AsNoTracking().Where(p => p.Kind == PersonKind.Employee).OrderBy(p => p.ExternalId).Take(14).ToListAsync(ct);

        var enrolments = new List<(string Playbook, AccountId? Account, PersonId? Person, DateTimeOffset Start, Guid? Csm)>();
        foreach (var (account, index) in accounts.Select((a, i) => (a, i)))
        {
            var start = new DateTimeOffset(account.StartDate!.Value.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddMinutes(random.Next(0, 600));
            start = start > now ? now : start;
            enrolments.Add((index % 4 == 3 ? "b2b_customer" : "saas_customer", account.Id, null, start, account.OwnerId?.Value ?? team[random.Next(team.Count)]));
        }

        foreach (var (employee, index) in employees.Select((p, i) => (p, i)))
        {
            // Most started in the last two months; two start next week, enrolled ahead of their first day.
            var start = index < 2 ? now.AddDays(5 + index) : now.AddDays(-random.Next(1, 70)).AddHours(-random.Next(0, 8));
            enrolments.Add(("new_employee", null, employee.Id, start, null));
        }

        foreach (var (playbook, account, person, start, csm) in enrolments)
        {
            var created = await PlayAsync(db, random, playbook, account, person, start, csm, team, now, ct);
            if (created is { } id)
            {
                await facts.AdvanceSoonAsync(db, id, ct);
            }
        }
    }

    private async Task<Guid?> PlayAsync(
        ParcoursDbContext db, Random random, string playbook, AccountId? account, PersonId? person, DateTimeOffset start, Guid? csm, List<Guid> team,
        DateTimeOffset now, CancellationToken ct)
    {
        var version = await db.PlaybookVersions.AsNoTracking().SingleAsync(v => v.Key == playbook && v.Status == PlaybookStatus.Published, ct);
        var (definition, templates) = await PlaybookRunner.VersionAsync(db, version.Id, ct);
        person ??= await db.Stakeholders.Where(s => s.AccountId == account).OrderBy(s => s.Role).Select(s => (PersonId?)s.PersonId).FirstOrDefaultAsync(ct);
        var contact = person is { } p ? await db.People.AsNoTracking().SingleOrDefaultAsync(x => x.Id == p, ct) : null;
        if (contact is null)
        {
            return null;
        }

        var zone = StepSchedule.Zone(contact.TimeZone).Value;
        var workspace = db.Scope.Current!.Value;
        var enrolment = new EnrolmentRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(start), PlaybookVersionId = version.Id, PlaybookKey = playbook, Version = version.Version,
            PersonId = person, AccountId = account, TimeZone = contact.TimeZone, EnrolledAt = start.UtcDateTime, State = EnrolmentState.Running,
            Source = account is null ? "manual" : "event", IdempotencyKey = $"demo:{playbook}:{(account?.Value ?? person!.Value.Value):N}",
            CsmId = csm, ManagerId = team[random.Next(team.Count)], MentorId = team[random.Next(team.Count)], HrId = team[0],
            LastProgressAt = start.UtcDateTime, UpdatedAt = now.UtcDateTime,
        };
        db.Enrolments.Add(enrolment);

        // How this subject behaves: quick, ordinary, or stuck (a third of the awaited events never come).
        var pace = random.NextDouble();
        var (eventDays, taskDelay, neverChance) = pace < 0.45 ? ((1, 7), (0, 2), 0.05) : pace < 0.8 ? ((3, 18), (0, 5), 0.15) : ((8, 40), (2, 12), 0.4);
        var known = new List<EnrolmentFact>();
        foreach (var name in version.EventNames.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                     .Where(n => n != version.TriggerEvent && !definition.ExitConditions.Any(e => e.MatchedEvent == n)))
        {
            if (random.NextDouble() >= neverChance)
            {
                known.Add(Fact(workspace, enrolment.Id, EnrolmentFactKind.Event, name, start.AddDays(random.Next(eventDays.Item1, eventDays.Item2)).AddHours(random.Next(1, 9))));
            }
        }

        EnrolmentPlan plan;
        RenderModel? model = null;
        for (var at = start; ; at = at.AddHours(6))
        {
            var until = at > now ? now : at;
            plan = EnrolmentPlanner.Plan(definition, start, zone, EnrolmentFactLog.ToPlannerFacts(known, until));
            foreach (var step in plan.Steps.Where(s => s.State is StepState.Due or StepState.Late))
            {
                var due = step.DueAt ?? until;
                switch (definition.Step(step.StepKey))
                {
                    case SendMessageStep or SeriesStep when step.State == StepState.Due:
                        known.Add(Fact(workspace, enrolment.Id, EnrolmentFactKind.Done, step.Key, due));
                        db.Messages.Add(Message(random, enrolment, contact, step.Key, templates[step.StepKey], definition.Step(step.StepKey)!, due));
                        break;
                    case CreateTaskStep task when !known.Any(f => f.Kind == EnrolmentFactKind.Started && f.Key == step.Key):
                        known.Add(Fact(workspace, enrolment.Id, EnrolmentFactKind.Started, step.Key, due));
                        var done = random.NextDouble() < neverChance ? (DateTimeOffset?)null : due.AddDays(random.Next(taskDelay.Item1, taskDelay.Item2 + 1)).AddHours(random.Next(0, 6));
                        var outcome = TaskOutcomes[random.Next(TaskOutcomes.Length)];
                        if (done <= now)
                        {
                            known.Add(Fact(workspace, enrolment.Id, EnrolmentFactKind.Done, step.Key, done.Value, outcome));
                        }

                        db.TeamTasks.Add(new TeamTask
                        {
                            WorkspaceId = workspace, Id = Guid.CreateVersion7(due), AssigneeId = Assignee(enrolment, task.Assignee), PersonId = person, AccountId = account,
                            Title = PlaybookTexts.Fill(renderer, task.Title.For(contact.Locale), model ??= await data.ModelAsync(db, enrolment, await data.ForAsync(db, enrolment, ct), ct)),
                            DueAt = due.UtcDateTime, Status = done <= now ? TeamTaskStatus.Done : TeamTaskStatus.Open, Source = $"playbook:{playbook}",
                            IdempotencyKey = EnrolmentFactLog.EffectKey(enrolment.Id, step.Key), CreatedAt = due.UtcDateTime,
                            CompletedAt = done <= now ? done.Value.UtcDateTime : null, CompletedBy = done <= now ? enrolment.CsmId : null, Outcome = done <= now ? outcome : null,
                        });
                        break;
                    case MilestoneStep { Completion.Kind: MilestoneCompletionKind.Manual } when step.State == StepState.Late && random.NextDouble() > neverChance
                        && !known.Any(f => f.Key == step.Key):
                        known.Add(Fact(workspace, enrolment.Id, EnrolmentFactKind.Done, step.Key, due.AddDays(random.Next(0, 4)), "Ticked"));
                        break;
                }
            }

            if (at >= now)
            {
                break;
            }
        }

        db.EnrolmentFacts.AddRange(known.Where(f => f.At <= now.UtcDateTime));
        plan = EnrolmentPlanner.Plan(definition, start, zone, EnrolmentFactLog.ToPlannerFacts(known, now));
        PlaybookRunner.Keep(enrolment, plan, now);
        await db.SaveChangesAsync(ct);
        return enrolment.State == EnrolmentState.Running ? enrolment.Id : null;
    }

    private OutboundMessage Message(Random random, EnrolmentRow enrolment, Person contact, string key, Guid template, PlaybookStep step, DateTimeOffset at)
    {
        var channel = step is SendMessageStep m ? m.Channel : ((SeriesStep)step).Channel;
        var consented = channel switch
        {
            Domain.Playbooks.MessageChannel.Sms => contact.Consent.Sms,
            Domain.Playbooks.MessageChannel.Voice => contact.Consent.Voice,
            Domain.Playbooks.MessageChannel.InApp => contact.Consent.InApp,
            _ => contact.Consent.Email,
        };
        var token = Secrets.Random(40);
        var engaged = random.NextDouble();
        return new OutboundMessage
        {
            WorkspaceId = enrolment.WorkspaceId, Id = Guid.CreateVersion7(at), PersonId = contact.Id, Channel = PlaybookTexts.Channel(channel), TemplateId = template,
            Kind = "playbook", Source = $"playbook:{enrolment.PlaybookKey}", IdempotencyKey = EnrolmentFactLog.EffectKey(enrolment.Id, key),
            Status = consented ? MessageStatus.Sent : MessageStatus.Suppressed, Reason = consented ? null : "NoConsent",
            Detail = consented ? null : "The person has not opted in to this channel.",
            TokenHash = Secrets.Hash(token), TokenSealed = secrets.Seal(token), DueAt = at.UtcDateTime, SentAt = consented ? at.UtcDateTime : null,
            ClickedAt = consented && channel == Domain.Playbooks.MessageChannel.Email && engaged < 0.3 ? at.AddHours(2).UtcDateTime : null,
            Clicks = consented && channel == Domain.Playbooks.MessageChannel.Email && engaged < 0.3 ? 1 : 0,
            ReadAt = consented && channel == Domain.Playbooks.MessageChannel.InApp && engaged < 0.7 ? at.AddMinutes(40).UtcDateTime : null,
            CreatedAt = at.UtcDateTime, UpdatedAt = at.UtcDateTime,
        };
    }

    private static Guid Assignee(EnrolmentRow enrolment, AssigneeRole role) => role switch
    {
        AssigneeRole.Manager => enrolment.ManagerId!.Value,
        AssigneeRole.Mentor => enrolment.MentorId!.Value,
        AssigneeRole.Hr => enrolment.HrId!.Value,
        _ => enrolment.CsmId ?? enrolment.ManagerId!.Value,
    };

    private static EnrolmentFact Fact(WorkspaceId workspace, Guid enrolment, EnrolmentFactKind kind, string key, DateTimeOffset at, string? note = null) =>
        new() { WorkspaceId = workspace, EnrolmentId = enrolment, Kind = kind, Key = key, At = at.UtcDateTime, Note = note };
}
