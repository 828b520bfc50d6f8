using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Adoption;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Adoption;

/// <summary>Adoption figures read from the daily rollups (never from raw events) and computed by the domain's calculator.</summary>
public static class AdoptionQueries
{
    /// <summary>30 weeks of chart plus the week compared: the span the calculator looks at.</summary>
    private const int SpanDays = 217;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public static async Task<Result<AccountAdoptionResponse>> ForAccountAsync(ParcoursDbContext db, AccountId id, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.Stakeholders).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return new Error.NotFound("account_not_found", $"No account {id.Value}.");
        }

        var rules = await AdoptionRules.LoadAsync(db, ct);
        var today = Today(clock);
        var figures = await FiguresAsync(db, UsageSubject.Account, account.ExternalId, rules, today, ct);
        var personIds = account.Stakeholders.Select(s => s.PersonId).ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
        var activity = await PeopleActivityAsync(db, people, account.Segment, rules, today, ct);
        return new AccountAdoptionResponse(account.Id.Value, account.ExternalId, AdoptionResponse.From(figures), activity);
    }

    public static async Task<Result<PersonAdoptionResponse>> ForPersonAsync(ParcoursDbContext db, PersonId id, TimeProvider clock, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return new Error.NotFound("person_not_found", $"No person {id.Value}.");
        }

        var rules = await AdoptionRules.LoadAsync(db, ct);
        var today = Today(clock);
        var figures = await FiguresAsync(db, UsageSubject.Person, person.ExternalId, rules, today, ct);
        var segment = await SegmentOfAsync(db, person.Id, ct);
        var activity = await PeopleActivityAsync(db, [person], segment, rules, today, ct);
        return new PersonAdoptionResponse(person.Id.Value, person.ExternalId, AdoptionResponse.From(figures), activity.Single().InactiveSince);
    }

    public static async Task<AdoptionFigures> FiguresAsync(
        ParcoursDbContext db, UsageSubject kind, string? key, AdoptionRules rules, DateOnly today, CancellationToken ct)
    {
        if (key is null)
        {
            return AdoptionCalculator.Compute([], [], rules.Catalogue, rules.LoginEvents, today);
        }

        var from = today.AddDays(-SpanDays);
        var recent = today.AddDays(-29);
        var logins = rules.LoginEvents.ToList();
        var days = await db.UsageDays.AsNoTracking()
            .Where(d => d.SubjectKind == kind && d.SubjectKey == key && d.Day >= from && d.Day <= today)
            .Select(d => new DailyUsage(d.Day, d.Events, d.ActiveUsers)).ToListAsync(ct);
        var events = await db.UsageEventDays.AsNoTracking()
            .Where(d => d.SubjectKind == kind && d.SubjectKey == key && d.Day >= from && d.Day <= today
                        && (d.Day >= recent || logins.Contains(d.EventName)))
            .Select(d => new DailyEventCount(d.Day, d.EventName, d.Count)).ToListAsync(ct);
        return AdoptionCalculator.Compute(days, events, rules.Catalogue, rules.LoginEvents, today);
    }

    /// <summary>Last activity, last login and inactivity of people, from their rollups and the day they were first seen.</summary>
    public static async Task<List<PersonActivityResponse>> PeopleActivityAsync(
        ParcoursDbContext db, IReadOnlyList<Person> people, string? segment, AdoptionRules rules, DateOnly today, CancellationToken ct)
    {
        var keys = people.Where(p => p.ExternalId is not null).Select(p => p.ExternalId!).ToList();
        var logins = rules.LoginEvents.ToList();
        var lastActive = await db.UsageDays.AsNoTracking()
            .Where(d => d.SubjectKind == UsageSubject.Person && keys.Contains(d.SubjectKey))
            .GroupBy(d => d.SubjectKey).Select(g => new { g.Key, Day = g.Max(d => d.Day) })
            .ToDictionaryAsync(x => x.Key, x => x.Day, ct);
        var lastLogin = await db.UsageEventDays.AsNoTracking()
            .Where(d => d.SubjectKind == UsageSubject.Person && keys.Contains(d.SubjectKey) && logins.Contains(d.EventName))
            .GroupBy(d => d.SubjectKey).Select(g => new { g.Key, Day = g.Max(d => d.Day) })
            .ToDictionaryAsync(x => x.Key, x => x.Day, ct);
        var identityKeys = keys.Select(k => EventIdentity.UserPrefix + k).ToList();
        var firstSeen = await db.EventIdentities.AsNoTracking()
            .Where(i => identityKeys.Contains(i.Key))
            .ToDictionaryAsync(i => i.Key[EventIdentity.UserPrefix.Length..], i => DateOnly.FromDateTime(i.FirstSeenAt), ct);

        return [.. people.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Select(p =>
        {
            var key = p.ExternalId;
            DateOnly? active = key is not null && lastActive.TryGetValue(key, out var a) ? a : null;
            DateOnly? login = key is not null && lastLogin.TryGetValue(key, out var l) ? l : null;
            // Someone the product never reported is not "inactive": Parcours cannot know.
            DateOnly? inactive = key is not null && firstSeen.TryGetValue(key, out var seen)
                ? rules.Inactivity.InactiveSince(login, seen, segment, today)
                : null;
            return new PersonActivityResponse(p.Id.Value, p.FullName, key, active, login, inactive);
        })];
    }

    public static async Task<AdoptionOverviewResponse> OverviewAsync(ParcoursDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var rules = await AdoptionRules.LoadAsync(db, ct);
        var today = Today(clock);
        var from = today.AddDays(-SpanDays);
        var recent = today.AddDays(-29);
        var logins = rules.LoginEvents.ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Active && a.ExternalId != null)
            .Select(a => new { a.Id, a.Name, a.Segment, Key = a.ExternalId! }).ToListAsync(ct);
        var days = (await db.UsageDays.AsNoTracking()
                .Where(d => d.SubjectKind == UsageSubject.Account && d.Day >= from && d.Day <= today)
                .Select(d => new { d.SubjectKey, Usage = new DailyUsage(d.Day, d.Events, d.ActiveUsers) }).ToListAsync(ct))
            .ToLookup(d => d.SubjectKey, d => d.Usage);
        var events = (await db.UsageEventDays.AsNoTracking()
                .Where(d => d.SubjectKind == UsageSubject.Account && d.Day >= from && d.Day <= today && (d.Day >= recent || logins.Contains(d.EventName)))
                .Select(d => new { d.SubjectKey, Count = new DailyEventCount(d.Day, d.EventName, d.Count) }).ToListAsync(ct))
            .ToLookup(d => d.SubjectKey, d => d.Count);

        var rows = accounts.Select(a =>
            {
                var f = AdoptionCalculator.Compute([.. days[a.Key]], [.. events[a.Key]], rules.Catalogue, rules.LoginEvents, today);
                return new AccountAdoptionRow(a.Id.Value, a.Name, a.Segment, f.Band, f.Direction, f.ActiveDays30, f.Breadth, f.LastWeek, f.Trend, f.LastActiveDay);
            })
            .OrderBy(r => r.Band).ThenByDescending(r => r.ActiveDays30).ThenBy(r => r.Name).ToList();

        var accountKeys = accounts.Select(a => a.Key).ToHashSet();
        var recentEvents = events.Where(g => accountKeys.Contains(g.Key))
            .SelectMany(g => g.Where(c => c.Day >= recent).Select(c => (Account: g.Key, c.EventName, c.Count))).ToList();
        var features = rules.Catalogue.Features.Select(feature =>
            {
                var used = recentEvents.Where(e => rules.Catalogue.FeatureOf(e.EventName) == feature).ToList();
                return new FeatureTotalResponse(feature.Name, feature.Kind, feature.Weight, used.Sum(e => e.Count), used.Select(e => e.Account).Distinct().Count());
            })
            .OrderByDescending(f => f.Uses30).ToList();
        var uncatalogued = recentEvents.Where(e => rules.Catalogue.FeatureOf(e.EventName) is null && !rules.LoginEvents.Contains(e.EventName))
            .GroupBy(e => e.EventName).OrderByDescending(g => g.Sum(e => e.Count)).Select(g => g.Key).Take(20).ToList();

        return new AdoptionOverviewResponse(
            today,
            Enum.GetValues<AdoptionBand>().ToDictionary(b => b, b => rows.Count(r => r.Band == b)),
            Enum.GetValues<AdoptionTrend>().ToDictionary(d => d, d => rows.Count(r => r.Direction == d)),
            rows, features, uncatalogued);
    }

    private static async Task<string?> SegmentOfAsync(ParcoursDbContext db, PersonId personId, CancellationToken ct) =>
        await db.Accounts.AsNoTracking()
            .Where(a => a.Stakeholders.Any(s => s.PersonId == personId))
            .OrderBy(a => a.Name).Select(a => a.Segment).FirstOrDefaultAsync(ct);
}
