using Parcours.Domain.Accounts;
using Parcours.Domain.Adoption;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Demo;

/// <summary>
/// 30 weeks of product usage for the demo customers, written straight into the daily rollups through the same statements
/// ingestion uses (raw events for that long would take minutes): accounts growing, steady, fading or gone quiet, new
/// accounts starting, people who stopped logging in. The demo's feature catalogue and identities come with it.
/// </summary>
internal sealed class DemoUsageGenerator(Random random, TimeProvider clock, WorkspaceId workspaceId)
{
    public const int Days = 217;

    private enum Trajectory
    {
        Growing,
        Steady,
        Fading,
        Quiet,
    }

    private sealed record DemoFeature(string Name, string Pattern, FeatureKind Kind, int Weight, string Event, double Chance);

    private static readonly IReadOnlyList<DemoFeature> Features =
    [
        new("Tableau de bord", "Dashboard Viewed", FeatureKind.Basic, 2, "Dashboard Viewed", 0.85),
        new("Rapports", "Report *", FeatureKind.Basic, 3, "Report Built", 0.35),
        new("Exports", "Export*", FeatureKind.Basic, 1, "Export Downloaded", 0.2),
        new("Invitations", "User Invited", FeatureKind.Basic, 1, "User Invited", 0.04),
        new("Commentaires", "Comment Added", FeatureKind.Basic, 2, "Comment Added", 0.3),
        new("Automatisations", "Workflow *", FeatureKind.Sticky, 5, "Workflow Run", 0.25),
        new("Intégrations", "Integration *", FeatureKind.Sticky, 5, "Integration Synced", 0.2),
        new("API", "API Call*", FeatureKind.Sticky, 4, "API Call", 0.15),
    ];

    public async Task AddAsync(ParcoursDbContext db, IReadOnlyList<Account> accounts, IReadOnlyList<Person> people, CancellationToken ct)
    {
        db.Features.AddRange(Features.Select(f => new FeatureDefinition
        {
            WorkspaceId = workspaceId, Id = Guid.CreateVersion7(clock.GetUtcNow()), Name = f.Name, Pattern = f.Pattern, Kind = f.Kind, Weight = f.Weight,
        }));
        db.AdoptionSettings.Add(new AdoptionSettings { WorkspaceId = workspaceId, InactivityDaysBySegment = "Grand compte=14" });
        await db.SaveChangesAsync(ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-(Days - 1));
        var peopleById = people.Where(p => p.ExternalId is not null).ToDictionary(p => p.Id);
        var identities = new List<EventIdentity>();
        var starts = new List<PersonDayStart>();
        var days = new Dictionary<(UsageSubject, string, DateOnly), int>();
        var eventDays = new Dictionary<(UsageSubject, string, DateOnly, string), int>();
        foreach (var account in accounts.Where(a => a.ExternalId is not null))
        {
            var trajectory = random.Weighted((Trajectory.Growing, 20), (Trajectory.Steady, 45), (Trajectory.Fading, 22), (Trajectory.Quiet, 13));
            var begins = Max(first, account.StartDate ?? first);
            var ends = account.ChurnedOn ?? (trajectory == Trajectory.Quiet ? today.AddDays(-random.Between(10, 60)) : today);
            var depth = 0.2 + random.NextDouble() * 0.8; // How much of the product this customer uses.
            var adopted = Features.Where(f => random.Chance(f.Kind == FeatureKind.Sticky ? depth * 0.9 : 0.4 + depth * 0.6)).ToList();
            foreach (var person in account.Stakeholders.Select(s => peopleById.GetValueOrDefault(s.PersonId)).OfType<Person>())
            {
                var userId = person.ExternalId!;
                identities.Add(new EventIdentity
                {
                    WorkspaceId = workspaceId, Key = EventIdentity.UserPrefix + userId, UserId = userId, GroupId = account.ExternalId,
                    FirstSeenAt = begins.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                });
                var engagement = 0.25 + random.NextDouble() * 0.9;
                var personEnds = random.Chance(0.12) ? Min(ends, today.AddDays(-random.Between(8, 45))) : ends;
                for (var day = begins; day <= personEnds; day = day.AddDays(1))
                {
                    var progress = (day.DayNumber - first.DayNumber) / (double)Days;
                    var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.08 : 1.0;
                    if (!random.Chance(Math.Clamp(Level(trajectory, progress) * engagement * weekend, 0, 0.95)))
                    {
                        continue;
                    }

                    starts.Add(new PersonDayStart(userId, day, account.ExternalId));
                    Count(days, eventDays, userId, account.ExternalId!, day, "Signed In", random.Between(1, 2));
                    foreach (var feature in adopted)
                    {
                        var chance = feature.Chance * (feature.Kind == FeatureKind.Sticky ? depth * depth : depth + 0.3);
                        if (random.Chance(chance))
                        {
                            Count(days, eventDays, userId, account.ExternalId!, day, feature.Event, random.Between(1, feature.Kind == FeatureKind.Sticky ? 12 : 5));
                        }
                    }
                }
            }
        }

        var sql = UsageSql.For(db);
        await sql.UpsertIdentitiesAsync(workspaceId, identities, ct);
        await sql.StartPersonDaysAsync(workspaceId, starts, ct);
        var activeUsers = starts.GroupBy(s => (s.AccountKey!, s.Day)).ToDictionary(g => g.Key, g => g.Count());
        await sql.AddDaysAsync(workspaceId, [.. days.Select(d => new DayDelta(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Value,
            d.Key.Item1 == UsageSubject.Account ? activeUsers.GetValueOrDefault((d.Key.Item2, d.Key.Item3)) : 0))], ct);
        await sql.AddEventDaysAsync(workspaceId, [.. eventDays.Select(d => new EventDayDelta(d.Key.Item1, d.Key.Item2, d.Key.Item3, d.Key.Item4, d.Value))], ct);
    }

    /// <summary>The chance a typical user is active on a weekday, by where the account is heading and how far along the 30 weeks we are.</summary>
    private static double Level(Trajectory trajectory, double progress) => trajectory switch
    {
        Trajectory.Growing => 0.15 + 0.6 * progress,
        Trajectory.Steady => 0.5,
        Trajectory.Fading => progress < 0.6 ? 0.6 : 0.6 - (progress - 0.6) * 1.3,
        Trajectory.Quiet => 0.45,
        _ => throw new ArgumentOutOfRangeException(nameof(trajectory)),
    };

    private static void Count(
        Dictionary<(UsageSubject, string, DateOnly), int> days, Dictionary<(UsageSubject, string, DateOnly, string), int> eventDays,
        string user, string account, DateOnly day, string name, int count)
    {
        Add(days, (UsageSubject.Person, user, day), count);
        Add(days, (UsageSubject.Account, account, day), count);
        Add(eventDays, (UsageSubject.Person, user, day, name), count);
        Add(eventDays, (UsageSubject.Account, account, day, name), count);
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int count)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + count;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
