using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>One playbook's onboarding: enrolments running by progress, finished ones, and time to onboard per enrolment month.</summary>
public sealed record OnboardingPlaybook(
    string Key, string Name, string NameEn, SubjectKind Subject, int OnTrack, int Late, int Stalled, int Paused, int Finished, int Cancelled,
    double? AverageDaysToOnboard, IReadOnlyList<CohortAverage> Cohorts, IReadOnlyList<CohortChange> MonthOverMonth);

/// <summary>A milestone past its target on a running enrolment; <see cref="Name"/> is in the subject's language.</summary>
public sealed record LateMilestone(Guid EnrolmentId, string PlaybookKey, string StepKey, string Name, DateTime TargetAt, Guid? PersonId, string? PersonName, Guid? AccountId, string? AccountName);

public sealed record OnboardingOverviewResponse(IReadOnlyList<OnboardingPlaybook> Playbooks, IReadOnlyList<LateMilestone> LateMilestones);

/// <summary>
/// The onboarding overview of a workspace, for the <c>/onboarding</c> page and <c>GET /api/v1/onboarding</c>. Time to
/// onboard comes from each enrolment's plan (<see cref="OnboardingMetrics.Measure"/>) grouped by enrolment month
/// (<see cref="OnboardingMetrics.Cohorts"/>); cancelled enrolments are counted but not measured.
/// </summary>
public sealed class OnboardingOverview(PlaybookRunner runner)
{
    /// <summary>Enrolments measured per request; beyond that the oldest are left out of the cohorts.</summary>
    public const int MaxMeasured = 2000;

    public async Task<OnboardingOverviewResponse> GetAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var playbooks = await PlaybookVersions.ListAsync(db, ct);
        var enrolments = await db.Enrolments.AsNoTracking().OrderByDescending(e => e.EnrolledAt).Take(MaxMeasured).ToListAsync(ct);
        var personIds = enrolments.Select(e => e.PersonId).OfType<PersonId>().Distinct().ToList();
        var accountIds = enrolments.Select(e => e.AccountId).OfType<AccountId>().Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FirstName, p.LastName, p.Locale }).ToDictionaryAsync(p => p.Id, ct);
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);

        // Every enrolment's facts in one query, not one per plan.
        var enrolmentIds = enrolments.Select(e => e.Id).ToList();
        var facts = (await db.EnrolmentFacts.AsNoTracking().Where(f => enrolmentIds.Contains(f.EnrolmentId)).ToListAsync(ct))
            .GroupBy(f => f.EnrolmentId).ToDictionary(g => g.Key, g => (IReadOnlyList<EnrolmentFact>)[.. g]);
        var measures = new Dictionary<string, List<OnboardingMeasure>>(StringComparer.Ordinal);
        var late = new List<LateMilestone>();
        foreach (var enrolment in enrolments.Where(e => e.State != EnrolmentState.Cancelled))
        {
            var plan = await runner.PlanAsync(db, enrolment, facts.GetValueOrDefault(enrolment.Id, []), ct);
            var zone = StepSchedule.Zone(enrolment.TimeZone).Value;
            var enrolledAt = new DateTimeOffset(DateTime.SpecifyKind(enrolment.EnrolledAt, DateTimeKind.Utc));
            if (!measures.TryGetValue(enrolment.PlaybookKey, out var list))
            {
                measures[enrolment.PlaybookKey] = list = [];
            }

            list.Add(OnboardingMetrics.Measure(plan, enrolledAt, zone));
            if (enrolment.State is not (EnrolmentState.Running or EnrolmentState.Paused))
            {
                continue;
            }

            var (definition, _) = await PlaybookRunner.VersionAsync(db, enrolment.PlaybookVersionId, ct);
            var person = enrolment.PersonId is { } p && people.TryGetValue(p, out var found) ? found : null;
            late.AddRange(plan.Steps.Where(s => s is { Kind: StepKind.Milestone, State: StepState.Late, DueAt: not null }).Select(s => new LateMilestone(
                enrolment.Id, enrolment.PlaybookKey, s.StepKey, EnrolmentTimeline.Title(definition.Step(s.StepKey)!, null, person?.Locale), s.DueAt!.Value.UtcDateTime,
                enrolment.PersonId?.Value, person is null ? null : $"{person.FirstName} {person.LastName}".Trim(),
                enrolment.AccountId?.Value, enrolment.AccountId is { } a && accounts.TryGetValue(a, out var name) ? name : null)));
        }

        int Count(string key, Func<EnrolmentRow, bool> where) => enrolments.Count(e => e.PlaybookKey == key && where(e));
        var rows = playbooks.Select(p =>
        {
            var measured = measures.GetValueOrDefault(p.Key) ?? [];
            var cohorts = OnboardingMetrics.Cohorts(measured);
            var onboarded = measured.Where(m => m.DaysToOnboard is not null).Select(m => (double)m.DaysToOnboard!.Value).ToList();
            return new OnboardingPlaybook(
                p.Key, p.Name, p.NameEn, p.Subject,
                Count(p.Key, e => e is { State: EnrolmentState.Running, Progress: EnrolmentStatus.OnTrack }),
                Count(p.Key, e => e is { State: EnrolmentState.Running, Progress: EnrolmentStatus.Late }),
                Count(p.Key, e => e is { State: EnrolmentState.Running, Progress: EnrolmentStatus.Stalled }),
                Count(p.Key, e => e.State == EnrolmentState.Paused),
                Count(p.Key, e => e.State == EnrolmentState.Finished),
                Count(p.Key, e => e.State == EnrolmentState.Cancelled),
                onboarded.Count == 0 ? null : onboarded.Average(),
                cohorts,
                OnboardingMetrics.MonthOverMonth(cohorts));
        }).ToList();
        return new OnboardingOverviewResponse(rows, [.. late.OrderBy(l => l.TargetAt)]);
    }
}
