using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class ColdRotationTests
{
    private static readonly ColdSchedule Quarterly = new();

    private static List<PersonId> People(int count, int from = 0) =>
        [.. Enumerable.Range(from, count).Select(i => new PersonId(new Guid(i, 7, 0x7000, [0x80, 0, 0, 0, 0, 0, 0, 2])))];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Theory]
    [InlineData(2026, 1, 1, 2026, 0, 1, 4)]
    [InlineData(2026, 3, 31, 2026, 0, 1, 4)]
    [InlineData(2026, 4, 1, 2026, 1, 4, 7)]
    [InlineData(2026, 12, 31, 2026, 3, 10, 1)]
    public void WaveOn_QuartersFromJanuary(int year, int month, int day, int cycle, int index, int startMonth, int endMonth)
    {
        var wave = ColdRotation.WaveOn(Quarterly, D(year, month, day));

        Assert.Equal((cycle, index), (wave.CycleYear, wave.Index));
        Assert.Equal((startMonth, endMonth), (wave.Start.Month, wave.End.Month));
    }

    [Fact]
    public void WaveOn_CycleStartingInApril_FebruaryBelongsToTheCycleBefore()
    {
        var wave = ColdRotation.WaveOn(new ColdSchedule(4, 4), D(2027, 2, 10));

        Assert.Equal(new ColdWave(2026, 3, D(2027, 1, 1), D(2027, 4, 1)), wave);
    }

    [Fact]
    public void Assign_BaseOf1003_FourWavesWithinOne()
    {
        var waves = ColdRotation.Assign(Quarterly, new Dictionary<PersonId, int>(), People(1003), D(2026, 1, 1));

        var sizes = Enumerable.Range(0, 4).Select(w => waves.Count(a => a.Value == w)).ToList();
        Assert.Equal(1003, sizes.Sum());
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(", ", sizes));
    }

    [Fact]
    public void Assign_SameInputs_SameWaves()
    {
        var people = People(50);
        var shuffled = people.OrderBy(p => p.Value.GetHashCode()).ToList();

        Assert.Equal(
            ColdRotation.Assign(Quarterly, new Dictionary<PersonId, int>(), people, D(2026, 1, 1)),
            ColdRotation.Assign(Quarterly, new Dictionary<PersonId, int>(), shuffled, D(2026, 1, 1)));
    }

    [Fact]
    public void Rotation_TwoYearsOfQuartersWithNewcomers_EveryoneAskedOncePerYearAndWavesBalanced()
    {
        // A base of 1003 on 1 January, 37 newcomers in May, 250 more in October, 12 leaving in the second year.
        var assignments = ColdRotation.Assign(Quarterly, new Dictionary<PersonId, int>(), People(1003), D(2026, 1, 1));
        var joined = People(1003).ToDictionary(p => p, _ => D(2026, 1, 1));
        var asked = new Dictionary<PersonId, List<DateOnly>>();
        var population = People(1003);

        for (var quarter = 0; quarter < 8; quarter++)
        {
            var start = D(2026, 1, 1).AddMonths(3 * quarter);
            var wave = ColdRotation.WaveOn(Quarterly, start);
            foreach (var person in ColdRotation.Invitees(Hot with { Delay = Quarterly, TriggerEvent = null }, assignments, wave, Paris, _ => null))
            {
                (asked.TryGetValue(person, out var days) ? days : asked[person] = []).Add(wave.Start);
            }

            Assert.True(Balanced(assignments), $"quarter {quarter}");

            // Changes during the quarter, seen at the next assignment.
            var newcomers = quarter switch
            {
                1 => People(37, 5000),   // May 2026
                3 => People(250, 6000),  // October 2026
                _ => [],
            };
            foreach (var person in newcomers)
            {
                joined[person] = start.AddMonths(1);
            }

            population = [.. population.Concat(newcomers).Where(p => quarter != 5 || !People(12).Contains(p))];
            assignments = ColdRotation.Assign(Quarterly, assignments, population, start.AddMonths(1));
        }

        // The first base: asked exactly once in 2026 and once in 2027, in the same quarter both years.
        Assert.All(People(1003).Skip(12), p => Assert.Equal([2026, 2027], asked[p].Select(d => d.Year)));
        Assert.All(People(1003).Skip(12), p => Assert.Equal(asked[p][0].Month, asked[p][1].Month));
        // Newcomers: asked exactly once within the four waves after they joined.
        Assert.All(People(37, 5000).Concat(People(250, 6000)), p =>
            Assert.Single(asked[p], d => d > joined[p] && d <= joined[p].AddMonths(12)));
        // Leavers are not asked after they left.
        Assert.All(People(12), p => Assert.DoesNotContain(asked[p], d => d >= D(2027, 7, 1)));
    }

    [Fact]
    public void Assign_NewcomersAfterTheCurrentWave_FillTheSoonestWaveFirst()
    {
        // Four people in four waves; on 15 May (wave 1 current) a newcomer joins: all waves tie, the next is wave 2.
        var current = People(4).Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);

        var assigned = ColdRotation.Assign(Quarterly, current, [.. People(4), .. People(2, 100)], D(2026, 5, 15));

        Assert.Equal(2, assigned[People(1, 100)[0]]);
        Assert.Equal(3, assigned[People(1, 101)[0]]);
    }

    [Fact]
    public void Assign_ScheduleShrankToTwoWaves_OutOfRangeWavesReassigned()
    {
        var current = People(4).Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);

        var assigned = ColdRotation.Assign(new ColdSchedule(2), current, People(4), D(2026, 1, 10));

        Assert.Equal([0, 1, 1, 0], People(4).Select(p => assigned[p]));
    }

    [Fact]
    public void Invitees_PilotAndWindow_Applied()
    {
        var people = People(8);
        var assignments = people.ToDictionary(p => p, _ => 0);
        var wave = ColdRotation.WaveOn(Quarterly, D(2026, 1, 1));
        var vip = new HashSet<string> { "vip" };

        var invited = ColdRotation.Invitees(Cold, assignments, wave, Paris, p => people.IndexOf(p) < 3 ? vip : null);
        var closed = ColdRotation.Invitees(Cold with { Window = new ActiveWindow(Utc(2026, 2, 1), null) }, assignments, wave, Paris, _ => vip);

        Assert.Equal(people.Take(3), invited);
        Assert.Empty(closed);
    }

    private static bool Balanced(IReadOnlyDictionary<PersonId, int> assignments)
    {
        var sizes = Enumerable.Range(0, 4).Select(w => assignments.Count(a => a.Value == w)).ToList();
        return sizes.Max() - sizes.Min() <= 1;
    }
}
