using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using static Parcours.Infrastructure.Demo.DemoChecks;

namespace Parcours.Infrastructure.Demo;

/// <summary>
/// Builds each customer's contacts and maps them as stakeholders, then the demo company's own new hires. About a fifth
/// of the active accounts get a map that is a risk (seed 002): the sponsor alone, no technical circle, no end user, or
/// nobody at all. Those shares are exact counts, not chances, so every seed shows the same picture.
/// </summary>
internal sealed class DemoPeopleGenerator(Random random, TimeProvider clock, WorkspaceId workspaceId, IEnumerable<string> takenEmails)
{
    private const double SingleSponsorShare = 0.06;
    private const double NoTechnicalShare = 0.08;
    private const double NoEndUserShare = 0.03;
    private const double NobodyShare = 0.03;

    private readonly HashSet<string> _emails = new(takenEmails, StringComparer.Ordinal);
    private readonly HashSet<int> _externalIds = [];

    private enum MapShape
    {
        Covered,
        SingleSponsor,
        NoTechnical,
        NoEndUser,
        Nobody,
    }

    /// <summary>Creates the contacts of every customer and puts them on its stakeholder map; returns the people to save.</summary>
    public List<Person> MapStakeholders(IReadOnlyList<DemoCustomer> customers)
    {
        var shapes = AssignShapes(customers);
        var people = new List<Person>(customers.Count * 5);
        for (var i = 0; i < customers.Count; i++)
        {
            var customer = customers[i];
            var roles = RolesFor(shapes[i], customer.Segment);
            var sponsors = SponsorsFor(shapes[i], roles);
            var usedTitles = new HashSet<string>(StringComparer.Ordinal);
            for (var slot = 0; slot < roles.Count; slot++)
            {
                var person = NewContact(customer, roles[slot], usedTitles);
                var isSponsor = sponsors.Contains(slot);
                customer.Account.SetStakeholder(person.Id, NewStakeholderDetails(roles[slot], isSponsor), clock);
                people.Add(person);
            }
        }

        return people;
    }

    /// <summary>New hires of the demo company, onboarded by HR; they belong to no account.</summary>
    public List<Person> Employees(int count, string emailDomain)
    {
        var people = new List<Person>(count);
        for (var i = 0; i < count; i++)
        {
            var female = random.Chance(0.5);
            var (first, last) = NewName(female);
            var (title, department) = random.Pick(DemoPeopleWords.EmployeeJobs);
            var hasPhone = random.Chance(0.9);
            var details = PersonDetails.Create(
                first, last, NewEmail(first, last, emailDomain), hasPhone ? random.MobilePhone(DemoRegion.France) : null,
                title.For(female), "fr", DemoRegions.TimeZone(DemoRegion.France), $"RH-{i + 1:D4}", PersonKind.Employee,
                ChannelConsent.Default with { Sms = hasPhone && random.Chance(0.5) }, [department, "nouvel-arrivant"]);
            people.Add(Person.Create(workspaceId, Expect(details, "employee"), clock));
        }

        return people;
    }

    private MapShape[] AssignShapes(IReadOnlyList<DemoCustomer> customers)
    {
        var shapes = new MapShape[customers.Count];
        var active = new List<int>(customers.Count);
        for (var i = 0; i < customers.Count; i++)
        {
            if (customers[i].Account.Status == AccountStatus.Active)
            {
                active.Add(i);
            }
            else
            {
                // Lost customers were more often poorly mapped.
                shapes[i] = random.Weighted((MapShape.Covered, 50), (MapShape.SingleSponsor, 20), (MapShape.NoTechnical, 20), (MapShape.Nobody, 10));
            }
        }

        var order = active.ToArray();
        random.Shuffle(order);
        var next = 0;
        foreach (var (shape, share) in new[]
        {
            (MapShape.SingleSponsor, SingleSponsorShare), (MapShape.NoTechnical, NoTechnicalShare),
            (MapShape.NoEndUser, NoEndUserShare), (MapShape.Nobody, NobodyShare),
        })
        {
            var count = (int)Math.Round(order.Length * share);
            for (var k = 0; k < count; k++)
            {
                shapes[order[next++]] = shape;
            }
        }

        for (; next < order.Length; next++)
        {
            shapes[order[next]] = MapShape.Covered;
        }

        return shapes;
    }

    private List<StakeholderRole> RolesFor(MapShape shape, string segment)
    {
        const StakeholderRole Economic = StakeholderRole.EconomicDecisionMaker;
        const StakeholderRole EndUser = StakeholderRole.EndUser;
        const StakeholderRole Technical = StakeholderRole.TechnicalInfluencer;
        switch (shape)
        {
            case MapShape.Covered:
                var count = segment switch
                {
                    DemoAccountGenerator.Tpe => random.Between(3, 5),
                    DemoAccountGenerator.Pme => random.Between(4, 7),
                    DemoAccountGenerator.Eti => random.Between(6, 10),
                    _ => random.Between(8, 12),
                };
                var roles = new List<StakeholderRole> { Economic, EndUser, Technical };
                while (roles.Count < count)
                {
                    roles.Add(random.Weighted((Economic, 20), (EndUser, 55), (Technical, 25)));
                }

                return roles;
            case MapShape.SingleSponsor:
                return [random.Weighted((Economic, 75), (EndUser, 25))];
            case MapShape.NoTechnical:
                return [Economic, .. Enumerable.Repeat(EndUser, random.Between(1, 3))];
            case MapShape.NoEndUser:
                return random.Chance(0.5) ? [Economic, Technical] : [Economic, Technical, random.Pick([Economic, Technical])];
            case MapShape.Nobody:
                return [];
            default:
                throw new InvalidOperationException($"Unknown map shape {shape}.");
        }
    }

    /// <summary>The slots that are sponsors: one for most accounts, usually the budget holder; none or two for a few.</summary>
    private HashSet<int> SponsorsFor(MapShape shape, List<StakeholderRole> roles)
    {
        if (roles.Count == 0)
        {
            return [];
        }

        if (shape == MapShape.SingleSponsor)
        {
            return [0];
        }

        var sponsorCount = shape == MapShape.Covered ? random.Weighted((1, 88), (0, 8), (2, 4)) : random.Weighted((1, 90), (0, 10));
        var economic = Enumerable.Range(0, roles.Count).Where(i => roles[i] == StakeholderRole.EconomicDecisionMaker).ToList();
        var endUsers = Enumerable.Range(0, roles.Count).Where(i => roles[i] == StakeholderRole.EndUser).ToList();
        var sponsors = new HashSet<int>();
        if (sponsorCount >= 1)
        {
            sponsors.Add(endUsers.Count > 0 && random.Chance(0.2) ? random.Pick(endUsers) : economic[0]);
        }

        if (sponsorCount == 2)
        {
            var others = economic.Concat(endUsers).Where(i => !sponsors.Contains(i)).ToList();
            if (others.Count > 0)
            {
                sponsors.Add(random.Pick(others));
            }
        }

        return sponsors;
    }

    private Person NewContact(DemoCustomer customer, StakeholderRole role, HashSet<string> usedTitles)
    {
        var female = random.Chance(0.5);
        var (first, last) = NewName(female);
        var region = customer.International && random.Chance(0.25) ? random.Pick(DemoRegions.All) : customer.Region;
        var english = customer.International && region != DemoRegion.Quebec && random.Chance(0.35);
        var hasPhone = random.Chance(role == StakeholderRole.EndUser ? 0.65 : 0.8);
        var consent = ChannelConsent.Default with
        {
            Sms = hasPhone && random.Chance(0.2),
            Voice = hasPhone && random.Chance(0.05),
        };
        var externalId = random.Chance(0.85) ? $"CT-{random.UniqueNumber(_externalIds, 10_000, 1_000_000):D6}" : null;
        var details = PersonDetails.Create(
            first, last, NewEmail(first, last, customer.Account.Domain!), hasPhone ? random.MobilePhone(region) : null,
            NewTitle(customer, role, female, usedTitles), english ? "en" : "fr", DemoRegions.TimeZone(region), externalId,
            PersonKind.CustomerContact, consent);
        return Person.Create(workspaceId, Expect(details, "contact"), clock);
    }

    private (string First, string Last) NewName(bool female) =>
        (random.Pick(female ? DemoPeopleWords.FemaleFirstNames : DemoPeopleWords.MaleFirstNames), random.Pick(DemoPeopleWords.LastNames));

    /// <summary>A title the account does not have yet when one is left: two DSIs in a five-person map would look odd.</summary>
    private string NewTitle(DemoCustomer customer, StakeholderRole role, bool female, HashSet<string> usedTitles)
    {
        var titles = role == StakeholderRole.EconomicDecisionMaker && customer.PublicSector ? DemoPeopleWords.PublicEconomicTitles
            : role == StakeholderRole.EconomicDecisionMaker && customer.Segment == DemoAccountGenerator.Tpe ? DemoPeopleWords.SmallBusinessEconomicTitles
            : DemoPeopleWords.TitlesFor(role);
        var free = titles.Where(t => !usedTitles.Contains(t.Masculine)).ToList();
        var title = random.Pick(free.Count > 0 ? free : titles);
        usedTitles.Add(title.Masculine);
        return title.For(female);
    }

    /// <summary>prenom.nom@domain; the initial, then a number, when two people of one company share a name.</summary>
    private string NewEmail(string first, string last, string domain)
    {
        var firstPart = DemoText.EmailPart(first);
        var lastPart = DemoText.EmailPart(last);
        string[] candidates = [$"{firstPart}.{lastPart}@{domain}", $"{firstPart[0]}.{lastPart}@{domain}"];
        foreach (var candidate in candidates)
        {
            if (_emails.Add(candidate))
            {
                return candidate;
            }
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{firstPart}.{lastPart}{n}@{domain}";
            if (_emails.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>The sponsor's drivers are always known; others' are filled in most of the time, as a CSM would.</summary>
    private StakeholderDetails NewStakeholderDetails(StakeholderRole role, bool isSponsor)
    {
        var motive = random.Pick(DemoPeopleWords.MotivesFor(role));
        var hasMotive = isSponsor || random.Chance(0.7);
        var hasKpi = hasMotive && (isSponsor || random.Chance(0.85));
        return Expect(
            StakeholderDetails.Create(role, isSponsor, hasMotive ? motive.Motivation : null, hasKpi ? motive.PersonalKpi : null),
            "stakeholder");
    }
}
