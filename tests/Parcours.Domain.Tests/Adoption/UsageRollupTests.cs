using Parcours.Domain.Adoption;
using static Parcours.Domain.Adoption.UsageRollup;

namespace Parcours.Domain.Tests.Adoption;

public sealed class UsageRollupTests
{
    private static readonly DateOnly Monday = new(2026, 6, 15);

    [Fact]
    public void Fold_NoEvents_BothEmpty()
    {
        var (events, counts) = Fold([]);

        Assert.Empty(events);
        Assert.Empty(counts);
    }

    [Fact]
    public void Fold_EventsOfTwoSubjectsOverTwoDays_CountsPerSubjectDayAndName()
    {
        var tuesday = Monday.AddDays(1);
        var (events, counts) = Fold([
            new UsageEvent("alice", Monday, "Signed In"),
            new UsageEvent("alice", Monday, "Report Viewed"),
            new UsageEvent("alice", Monday, "Report Viewed"),
            new UsageEvent("alice", tuesday, "Report Viewed"),
            new UsageEvent("bob", Monday, "Signed In"),
        ]);

        Assert.Equal(
            new Dictionary<(string, DateOnly), int> { [("alice", Monday)] = 3, [("alice", tuesday)] = 1, [("bob", Monday)] = 1 },
            events);
        Assert.Equal(
            new Dictionary<(string, DateOnly, string), int>
            {
                [("alice", Monday, "Signed In")] = 1,
                [("alice", Monday, "Report Viewed")] = 2,
                [("alice", tuesday, "Report Viewed")] = 1,
                [("bob", Monday, "Signed In")] = 1,
            },
            counts);
    }

    [Fact]
    public void Fold_SameNameInAnotherCase_KeptApart()
    {
        var (events, counts) = Fold([new UsageEvent("alice", Monday, "Signed In"), new UsageEvent("alice", Monday, "signed in")]);

        Assert.Equal(2, events[("alice", Monday)]);
        Assert.Equal(2, counts.Count);
    }
}
