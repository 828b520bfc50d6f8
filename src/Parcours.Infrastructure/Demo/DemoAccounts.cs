using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using static Parcours.Infrastructure.Demo.DemoChecks;

namespace Parcours.Infrastructure.Demo;

/// <summary>A generated customer with the traits its contacts are drawn from.</summary>
internal sealed record DemoCustomer(Account Account, string Segment, DemoRegion Region, bool International, bool PublicSector);

/// <summary>
/// Builds the customer base: names, domains, segments, plans, revenue, lifecycle and churn. Every draw comes from the
/// seeded random in a fixed order and every date from <c>today</c>, so a seed always gives the same customers.
/// </summary>
internal sealed class DemoAccountGenerator(Random random, TimeProvider clock, WorkspaceId workspaceId, IReadOnlyList<UserId> owners)
{
    public const string Tpe = "TPE";
    public const string Pme = "PME";
    public const string Eti = "ETI";
    public const string KeyAccount = "Grand compte";
    public const string Essential = "Essentiel";
    public const string Pro = "Pro";
    public const string Enterprise = "Entreprise";

    private const int HistoryDays = 3 * 365;
    private const int MinAgeToChurnDays = 120;

    private readonly DateOnly _today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<int> _externalIds = [];

    private enum NameStyle
    {
        Family,
        Brand,
        Group,
        Place,
        Public,
    }

    public List<DemoCustomer> Generate(int count, int churned)
    {
        var specs = new List<Spec>(count);
        for (var i = 0; i < count; i++)
        {
            specs.Add(NewSpec());
        }

        var churnable = specs.Where(s => _today.DayNumber - s.Start.DayNumber >= MinAgeToChurnDays).ToArray();
        random.Shuffle(churnable);
        var notes = DemoCompanyWords.ChurnNotes.ToArray();
        random.Shuffle(notes);
        for (var i = 0; i < Math.Min(churned, churnable.Length); i++)
        {
            var spec = churnable[i];
            var lifetime = _today.DayNumber - spec.Start.DayNumber;
            spec.Churn = (spec.Start.AddDays(random.Between(MinAgeToChurnDays - 30, lifetime - 7)), notes[i % notes.Length]);
        }

        return specs.ConvertAll(Build);
    }

    private Spec NewSpec()
    {
        var segment = random.Weighted((Tpe, 35), (Pme, 40), (Eti, 18), (KeyAccount, 7));
        var (name, style) = NewName(segment);
        // Customers named after a French town or public body are French; the others may be based abroad.
        var region = style is NameStyle.Public or NameStyle.Place
            ? DemoRegion.France
            : random.Weighted((DemoRegion.France, 88), (DemoRegion.Belgium, 6), (DemoRegion.Switzerland, 3), (DemoRegion.Quebec, 3));
        var plan = segment switch
        {
            Tpe => random.Weighted((Essential, 70), (Pro, 28), (Enterprise, 2)),
            Pme => random.Weighted((Essential, 25), (Pro, 60), (Enterprise, 15)),
            Eti => random.Weighted((Pro, 40), (Enterprise, 60)),
            _ => random.Weighted((Pro, 10), (Enterprise, 90)),
        };

        // More customers signed recently than three years ago: the company grows.
        var ageDays = (int)(HistoryDays * Math.Pow(random.NextDouble(), 1.3));
        var international = region != DemoRegion.France || (segment is Eti or KeyAccount && random.Chance(0.15));
        return new Spec
        {
            Name = name,
            Domain = NewDomain(name, region, style == NameStyle.Public),
            ExternalId = $"CRM-{random.UniqueNumber(_externalIds, 1_000, 20_000):D6}",
            Segment = segment,
            Plan = plan,
            MrrMinor = NewMrrMinor(plan, segment),
            Owner = random.Pick(owners),
            Start = _today.AddDays(-ageDays),
            Region = region,
            International = international,
            PublicSector = style == NameStyle.Public,
        };
    }

    private DemoCustomer Build(Spec spec)
    {
        var end = spec.Churn?.On ?? _today;
        var ageDays = end.DayNumber - spec.Start.DayNumber;
        var stage = NewStage(ageDays);
        var details = Expect(
            AccountDetails.Create(
                spec.Name, spec.Domain, spec.ExternalId, spec.Segment, spec.Plan, spec.MrrMinor, "EUR", spec.Owner, stage,
                spec.Start, NextAnniversary(spec.Start, end), NewTags(spec, stage, ageDays)),
            "account");
        var account = Account.Create(workspaceId, details, clock);
        if (spec.Churn is { } churn)
        {
            Expect(account.MarkChurned(churn.On, churn.Why.Reason, churn.Why.Note, clock), "churn");
        }

        return new DemoCustomer(account, spec.Segment, spec.Region, spec.International, spec.PublicSector);
    }

    private (string Name, NameStyle Style) NewName(string segment)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var style = segment switch
            {
                Tpe => random.Weighted((NameStyle.Family, 65), (NameStyle.Place, 35)),
                Pme => random.Weighted((NameStyle.Family, 35), (NameStyle.Brand, 30), (NameStyle.Place, 20), (NameStyle.Public, 10), (NameStyle.Group, 5)),
                Eti => random.Weighted((NameStyle.Brand, 45), (NameStyle.Group, 30), (NameStyle.Public, 15), (NameStyle.Family, 10)),
                _ => random.Weighted((NameStyle.Group, 60), (NameStyle.Brand, 25), (NameStyle.Public, 15)),
            };
            var name = style switch
            {
                NameStyle.Family => FamilyName(),
                NameStyle.Brand => $"{random.Pick(DemoCompanyWords.Brands)} {random.Pick(DemoCompanyWords.Sectors)}",
                NameStyle.Group => $"Groupe {random.Pick(DemoCompanyWords.Brands)}",
                NameStyle.Place => $"{random.Pick(DemoCompanyWords.PlaceActivities)} {random.Pick(DemoCompanyWords.Towns)}",
                NameStyle.Public => $"{random.Pick(DemoCompanyWords.PublicBodies)} {random.Pick(DemoCompanyWords.Towns)}",
                _ => throw new InvalidOperationException($"Unknown name style {style}."),
            };
            if (_names.Add(name))
            {
                return (name, style);
            }
        }

        throw new InvalidOperationException("The demo word lists ran out of unique company names.");
    }

    private string FamilyName()
    {
        var name = $"{random.Pick(DemoCompanyWords.Trades)} {random.Pick(DemoPeopleWords.LastNames)}";
        return random.Chance(0.15) ? $"{name} {random.Pick(DemoCompanyWords.FamilySuffixes)}" : name;
    }

    /// <summary>"Atelier Numérique de Lyon" → atelier-numerique-lyon.fr; another ending, then a number, when it is taken.</summary>
    private string NewDomain(string name, DemoRegion region, bool publicSector)
    {
        var label = DemoText.DomainLabel(name, DemoCompanyWords.DomainStopWords);
        var endings = publicSector ? [(".fr", 1)] : DemoRegions.DomainEndings(region);
        var preferred = random.Weighted(endings);
        var candidates = endings.Select(e => e.Ending).Where(e => e != preferred).Prepend(preferred).ToArray();
        for (var suffix = 1; suffix < 100; suffix++)
        {
            foreach (var ending in candidates)
            {
                var domain = suffix == 1 ? label + ending : $"{label}{suffix}{ending}";
                if (_domains.Add(domain))
                {
                    return domain;
                }
            }
        }

        throw new InvalidOperationException($"No free domain for {name}.");
    }

    /// <summary>Monthly revenue in cents: 49 € for a small shop on Essentiel up to 12,000 € for a key account on Entreprise.</summary>
    private long NewMrrMinor(string plan, string segment)
    {
        var (low, high) = (plan, segment) switch
        {
            (Essential, Tpe) => (49, 149),
            (Essential, _) => (99, 290),
            (Pro, Tpe) => (190, 390),
            (Pro, Pme) => (290, 990),
            (Pro, Eti) => (690, 1_900),
            (Pro, _) => (1_200, 2_500),
            (_, Tpe or Pme) => (990, 2_500),
            (_, Eti) => (1_900, 6_000),
            _ => (4_500, 12_000),
        };
        var euros = low + ((high - low) * random.NextDouble());

        // Small prices end in 9 (149 €), larger ones are round quotes (1,850 €).
        var priced = euros < 300 ? (Math.Round(euros / 10) * 10) - 1 : Math.Round(euros / 50) * 50;
        return (long)Math.Clamp(priced, low, high) * 100;
    }

    /// <summary>Recent customers are onboarding; a few are late; the oldest retain, expand or advocate.</summary>
    private LifecycleStage NewStage(int ageDays) => ageDays switch
    {
        < 90 => LifecycleStage.Onboarding,
        < 240 => random.Weighted((LifecycleStage.Adoption, 90), (LifecycleStage.Onboarding, 10)),
        < 540 => random.Weighted((LifecycleStage.Adoption, 30), (LifecycleStage.Retention, 60), (LifecycleStage.Expansion, 10)),
        _ => random.Weighted((LifecycleStage.Retention, 45), (LifecycleStage.Expansion, 35), (LifecycleStage.Advocacy, 20)),
    };

    private List<string> NewTags(Spec spec, LifecycleStage stage, int ageDays)
    {
        var tags = new List<string>();
        if (ageDays < 120 && random.Chance(0.25))
        {
            tags.Add("pilote");
        }

        if (stage == LifecycleStage.Advocacy ? random.Chance(0.7) : stage >= LifecycleStage.Retention && random.Chance(0.03))
        {
            tags.Add("référence");
        }

        var multiSite = spec.PublicSector ? 0.3 : spec.Segment switch { KeyAccount => 0.7, Eti => 0.45, Pme => 0.12, _ => 0.02 };
        if (random.Chance(multiSite))
        {
            tags.Add("multi-sites");
        }

        if (spec.PublicSector)
        {
            tags.Add("secteur-public");
        }

        if (spec.International)
        {
            tags.Add("international");
        }

        var upsell = stage switch { LifecycleStage.Expansion => 0.5, LifecycleStage.Adoption or LifecycleStage.Retention => 0.15, _ => 0 };
        if (spec.Plan != Enterprise && spec.Churn is null && random.Chance(upsell))
        {
            tags.Add("upsell-potentiel");
        }

        return tags;
    }

    /// <summary>Contracts renew on the anniversary of the start date: the first one on or after <paramref name="from"/>.</summary>
    private static DateOnly NextAnniversary(DateOnly start, DateOnly from)
    {
        var years = 1;
        while (start.AddYears(years) < from)
        {
            years++;
        }

        return start.AddYears(years);
    }

    private sealed class Spec
    {
        public required string Name { get; init; }

        public required string Domain { get; init; }

        public required string ExternalId { get; init; }

        public required string Segment { get; init; }

        public required string Plan { get; init; }

        public required long MrrMinor { get; init; }

        public required UserId Owner { get; init; }

        public required DateOnly Start { get; init; }

        public required DemoRegion Region { get; init; }

        public required bool International { get; init; }

        public required bool PublicSector { get; init; }

        public (DateOnly On, (ChurnReason Reason, string Note) Why)? Churn { get; set; }
    }
}
