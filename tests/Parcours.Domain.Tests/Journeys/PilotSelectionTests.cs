using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class PilotSelectionTests
{
    private static readonly IReadOnlyList<PersonId> People = [.. Enumerable.Range(0, 10_000).Select(i => new PersonId(DeterministicGuid(i)))];

    private static Guid DeterministicGuid(int i) => new(i, 0x7a1b, 0x7c2d, [0x80, 0, 0, 0, 0, 0, (byte)(i >> 8), (byte)i]);

    private static MeasurementPoint WithShare(int percent) => Warm with { Pilot = PilotSample.Share(percent) };

    private static HashSet<PersonId> In(MeasurementPoint point) => [.. People.Where(p => PilotSelection.Includes(point, p, null))];

    [Fact]
    public void Includes_ShareGrowsFromTenToTwentyPercent_EveryoneInStaysIn()
    {
        var atTen = In(WithShare(10));
        var atTwenty = In(WithShare(20));

        Assert.Subset(atTwenty, atTen);
        Assert.InRange(atTen.Count, 900, 1100);
        Assert.InRange(atTwenty.Count, 1850, 2150);
    }

    [Fact]
    public void Includes_ZeroAndHundredPercent_NobodyAndEverybody()
    {
        Assert.Empty(In(WithShare(0)));
        Assert.Equal(People.Count, In(WithShare(100)).Count);
    }

    [Fact]
    public void Includes_SamePersonAndPoint_SameAnswerEveryTime()
    {
        var person = People[42];

        Assert.Equal(PilotSelection.Bucket("product_in_use", person), PilotSelection.Bucket("product_in_use", person));
        // Pinned (SHA-256 of "product_in_use:0190f6a2…0001", first 8 bytes big-endian, mod 10000): a change of hash
        // would silently move every pilot's population.
        Assert.Equal(781, PilotSelection.Bucket("product_in_use", new PersonId(Guid.Parse("0190f6a2-0000-7000-8000-000000000001"))));
    }

    [Fact]
    public void Includes_TwoPoints_DifferentCustomersInTheirPilots()
    {
        var first = In(WithShare(10));
        var second = In(WithShare(10) with { Key = "other_point" });

        Assert.True(first.Intersect(second).Count() < first.Count / 2);
    }

    [Fact]
    public void Includes_Segment_OnlyItsMembers()
    {
        var point = Warm with { Pilot = PilotSample.OfSegment("vip") };

        Assert.True(PilotSelection.Includes(point, People[0], new HashSet<string> { "vip", "paris" }));
        Assert.False(PilotSelection.Includes(point, People[0], new HashSet<string> { "paris" }));
        Assert.False(PilotSelection.Includes(point, People[0], null));
    }

    [Fact]
    public void Includes_NoPilot_Everyone()
    {
        Assert.Equal(People.Count, In(Hot).Count);
    }
}
