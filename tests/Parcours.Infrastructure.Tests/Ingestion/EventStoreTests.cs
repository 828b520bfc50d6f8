using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Adoption;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Ingestion;

public sealed class EventStoreTests
{
    private static readonly DateTime Monday = EventStoreKit.Start;
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(Monday);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_UsageOfGroupedUsers_CountsPersonAndAccountDays(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        await kit.AppendAsync(kit.Group("ana", "acme", Monday), kit.Group("bob", "acme", Monday));

        await kit.AppendAsync(
            kit.Track("ana", "Signed In", Monday.AddHours(1)),
            kit.Track("ana", "Report Built", Monday.AddHours(2)),
            kit.Track("bob", "Signed In", Monday.AddHours(3)),
            kit.Track("bob", "Signed In", Monday.AddDays(1)));

        var days = await kit.DaysAsync();
        Assert.Equal((2, 1), days[(UsageSubject.Person, "ana", Day1)]);
        Assert.Equal((1, 1), days[(UsageSubject.Person, "bob", Day1)]);
        Assert.Equal((3, 2), days[(UsageSubject.Account, "acme", Day1)]);
        Assert.Equal((1, 1), days[(UsageSubject.Account, "acme", Day1.AddDays(1))]);
        var eventDays = await kit.EventDaysAsync();
        Assert.Equal(2, eventDays[(UsageSubject.Account, "acme", Day1, "Signed In")]);
        Assert.Equal(1, eventDays[(UsageSubject.Person, "ana", Day1, "Report Built")]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_PagesAndScreens_AreCountedUnderPrefixedNames(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        var named = kit.Track("ana", "ignored", Monday);
        named.Type = "page";
        named.Name = "Reports";
        var unnamed = kit.Track("ana", "ignored", Monday.AddMinutes(1));
        unnamed.Type = "page";
        unnamed.Name = null;
        var screen = kit.Track("ana", "ignored", Monday.AddMinutes(2));
        screen.Type = "screen";
        screen.Name = "Settings";

        await kit.AppendAsync(named, unnamed, screen);

        var names = (await kit.EventDaysAsync()).Keys.Where(k => k.Item1 == UsageSubject.Person).Select(k => k.Item4).Order();
        Assert.Equal(["page", "page:Reports", "screen:Settings"], names);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_RetriedMessage_IsStoredAndCountedOnce(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        var track = kit.Track("ana", "Signed In", Monday, groupId: "acme");

        Assert.Equal(1, await kit.AppendAsync(track, EventStoreKit.Retry(track)));
        Assert.Equal(0, await kit.AppendAsync(EventStoreKit.Retry(track)));

        await using var db = kit.Context();
        Assert.Equal(1, await db.Events.CountAsync(Ct));
        Assert.Equal((1, 1), (await kit.DaysAsync())[(UsageSubject.Account, "acme", Day1)]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_AnonymousUsageThenIdentify_AttachesEarlierUsageOnce(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        await kit.AppendAsync(kit.Group("ana", "acme", Monday));
        await kit.AppendAsync(kit.Track(null, "Pricing Viewed", Monday.AddHours(1), anonymousId: "visitor-1"));
        Assert.DoesNotContain(await kit.DaysAsync(), d => d.Key.Item1 == UsageSubject.Person && d.Key.Item2 != "ana");

        await kit.AppendAsync(
            kit.Track(null, "Signup Started", Monday.AddHours(2), anonymousId: "visitor-1"),
            kit.Identify("ana", Monday.AddHours(3), anonymousId: "visitor-1"));
        await kit.AppendAsync(kit.Track(null, "Signed In", Monday.AddHours(4), anonymousId: "visitor-1"));

        var days = await kit.DaysAsync();
        Assert.Equal((3, 1), days[(UsageSubject.Person, "ana", Day1)]);
        Assert.Equal((3, 1), days[(UsageSubject.Account, "acme", Day1)]);
        Assert.Equal(1, (await kit.EventDaysAsync())[(UsageSubject.Person, "ana", Day1, "Pricing Viewed")]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_AliasOfKnownUser_MergesUsageAndCountsOneActiveUser(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        await kit.AppendAsync(kit.Group("old-id", "acme", Monday), kit.Group("new-id", "acme", Monday));
        await kit.AppendAsync(kit.Track("old-id", "Signed In", Monday.AddHours(1)), kit.Track("new-id", "Signed In", Monday.AddHours(2)));

        await kit.AppendAsync(kit.Alias("new-id", "old-id", Monday.AddHours(3)));
        await kit.AppendAsync(kit.Track("old-id", "Report Built", Monday.AddHours(4)));

        var days = await kit.DaysAsync();
        Assert.False(days.ContainsKey((UsageSubject.Person, "old-id", Day1)));
        Assert.Equal((3, 1), days[(UsageSubject.Person, "new-id", Day1)]);
        Assert.Equal((3, 1), days[(UsageSubject.Account, "acme", Day1)]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_IdentifyAndGroup_CreatePersonAccountAndStakeholder(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);

        await kit.AppendAsync(
            kit.Identify("u-42", Monday, traits: """{"email":"Lea.Martin@acme.example","firstName":"Léa","lastName":"Martin","title":"CFO","locale":"en-GB"}"""),
            kit.Group("u-42", "acme", Monday.AddMinutes(1), """{"name":"Acme SA","plan":"Pro","website":"https://www.acme.example"}"""));
        await kit.AppendAsync(kit.Identify("u-42", Monday.AddHours(1), traits: """{"email":"not an email","title":"Finance director"}"""));

        await using var db = kit.Context();
        var person = await db.People.SingleAsync(Ct);
        Assert.Equal(("Léa", "Martin", "lea.martin@acme.example", "Finance director", "en", "u-42"),
            (person.FirstName, person.LastName, person.Email, person.JobTitle, person.Locale, person.ExternalId));
        var account = await db.Accounts.Include(a => a.Stakeholders).SingleAsync(Ct);
        Assert.Equal(("Acme SA", "Pro", "acme.example", "acme"), (account.Name, account.Plan, account.Domain, account.ExternalId));
        Assert.Equal(person.Id, Assert.Single(account.Stakeholders).PersonId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_IdentifyWithEmailOfImportedPerson_LinksThatPerson(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        await using (var db = kit.Context())
        {
            db.People.Add(Domain.People.Person.Create(kit.Workspace, Domain.People.PersonDetails.Create("Léa", "Martin", "lea@acme.example").Value, kit.Clock));
            await db.SaveChangesAsync(Ct);
        }

        await kit.AppendAsync(kit.Identify("u-42", Monday, traits: """{"email":"lea@acme.example"}"""));

        await using var check = kit.Context();
        var person = await check.People.SingleAsync(Ct);
        Assert.Equal(("Léa", "u-42"), (person.FirstName, person.ExternalId));
    }

    [Fact]
    public async Task Append_OnPostgres_StoresEventsInMonthPartitions()
    {
        await using var kit = await EventStoreKit.CreateAsync(DatabaseProvider.Postgres);

        await kit.AppendAsync(kit.Track("ana", "Signed In", Monday), kit.Track("ana", "Signed In", Monday.AddMonths(-14)));

        await using var db = kit.Context();
        var partitions = await db.Database.SqlQueryRaw<string>("""
            SELECT c.relname AS "Value" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'events'::regclass ORDER BY 1
            """).ToListAsync(Ct);
        Assert.Equal(["events_2025_01", "events_2026_03"], partitions);
        Assert.Equal(2, await db.Events.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_RandomBatchesWithRetriesAndLateIdentify_RollupsEqualRescan(DatabaseProvider provider)
    {
        await using var kit = await EventStoreKit.CreateAsync(provider);
        var random = new Random(20261123);
        var users = Enumerable.Range(0, 12).Select(i => $"user-{i}").ToArray();
        var groupOf = users.ToDictionary(u => u, _ => $"account-{random.Next(3)}");
        var anonymousOf = users.ToDictionary(u => u, u => $"anon-{u}");
        var names = new[] { "Signed In", "Report Built", "Export", "Invite Sent", "Dashboard Viewed" };
        await kit.AppendAsync(users.Select(u => kit.Group(u, groupOf[u], Monday.AddDays(-1))).ToArray());

        var sent = new List<RawEvent>();
        var identified = new HashSet<string>();
        for (var batch = 0; batch < 25; batch++)
        {
            var events = new List<RawEvent>();
            for (var i = random.Next(1, 60); i > 0; i--)
            {
                var user = users[random.Next(users.Length)];
                var at = Monday.AddDays(random.Next(40)).AddMinutes(random.Next(1440));
                var anonymous = !identified.Contains(user) && random.Next(3) == 0;
                events.Add(anonymous
                    ? kit.Track(null, names[random.Next(names.Length)], at, anonymousId: anonymousOf[user])
                    : kit.Track(user, names[random.Next(names.Length)], at, anonymousId: random.Next(2) == 0 ? anonymousOf[user] : null));
            }

            // Retries of earlier messages, some in the same commit twice.
            events.AddRange(sent.Where(_ => random.Next(10) == 0).Select(EventStoreKit.Retry));
            if (events.Count > 0 && random.Next(4) == 0)
            {
                events.Add(EventStoreKit.Retry(events[0]));
            }

            if (batch % 6 == 5)
            {
                foreach (var user in users.Where(u => !identified.Contains(u) && random.Next(2) == 0))
                {
                    events.Add(kit.Identify(user, Monday.AddDays(random.Next(40)), anonymousId: anonymousOf[user]));
                    identified.Add(user);
                }
            }

            await kit.AppendAsync(events.ToArray());
            sent.AddRange(events);
        }

        await kit.AppendAsync(users.Where(u => !identified.Contains(u)).Select(u => kit.Identify(u, Monday, anonymousId: anonymousOf[u])).ToArray());

        var userOfAnonymous = users.ToDictionary(u => anonymousOf[u], u => u);
        var usage = sent.Where(e => e.Type == "track").DistinctBy(e => e.MessageId)
            .Select(e => (Person: e.UserId ?? userOfAnonymous[e.AnonymousId!], Day: DateOnly.FromDateTime(e.Timestamp), Name: e.Name!))
            .ToList();
        var people = UsageRollup.Fold(usage.Select(u => new UsageRollup.UsageEvent(u.Person, u.Day, u.Name)));
        var accounts = UsageRollup.Fold(usage.Select(u => new UsageRollup.UsageEvent(groupOf[u.Person], u.Day, u.Name)));
        var activeUsers = usage.GroupBy(u => (groupOf[u.Person], u.Day)).ToDictionary(g => g.Key, g => g.Select(u => u.Person).Distinct().Count());

        var expectedDays = people.Events.ToDictionary(p => (UsageSubject.Person, p.Key.Subject, p.Key.Day), p => (p.Value, 1))
            .Concat(accounts.Events.ToDictionary(a => (UsageSubject.Account, a.Key.Subject, a.Key.Day), a => (a.Value, activeUsers[(a.Key.Subject, a.Key.Day)])))
            .OrderBy(p => p.Key).ToList();
        var expectedEventDays = people.EventCounts.Select(p => ((UsageSubject.Person, p.Key.Subject, p.Key.Day, p.Key.EventName), p.Value))
            .Concat(accounts.EventCounts.Select(a => ((UsageSubject.Account, a.Key.Subject, a.Key.Day, a.Key.EventName), a.Value)))
            .OrderBy(p => p.Item1).ToList();
        Assert.Equal(expectedDays, (await kit.DaysAsync()).Select(d => KeyValuePair.Create(d.Key, (d.Value.Events, d.Value.ActiveUsers))).OrderBy(d => d.Key).ToList());
        Assert.Equal(expectedEventDays, (await kit.EventDaysAsync()).Select(d => (d.Key, d.Value)).OrderBy(d => d.Key).ToList());
    }
}
