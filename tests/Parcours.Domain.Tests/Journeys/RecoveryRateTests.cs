using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class RecoveryRateTests
{
    private static PersonId P(int i) => new(new Guid(i, 3, 0x7000, [0x80, 0, 0, 0, 0, 0, 0, 3]));

    private static NpsAnswerRecord A(int person, string point, int day, int score) => new(P(person), point, Utc(2026, 5, day, 10), score);

    [Fact]
    public void PerPoint_FourDetractors_RecoveredOverDetractors()
    {
        NpsAnswerRecord[] answers =
        [
            A(1, "parcel", 1, 3), A(1, "resurvey", 4, 9),   // recovered (promoter)
            A(2, "parcel", 1, 6), A(2, "resurvey", 4, 7),   // recovered (passive)
            A(3, "parcel", 2, 0), A(3, "resurvey", 5, 5),   // answered again, still a detractor
            A(4, "parcel", 2, 2),                           // never answered again
            A(5, "parcel", 2, 10),                          // a promoter: not counted
        ];

        var parcel = RecoveryRate.PerPoint(answers).Single(r => r.PointKey == "parcel");

        Assert.Equal(new PointRecovery("parcel", 4, 3, 2), parcel);
        Assert.Equal(50, parcel.RatePercent);
    }

    [Fact]
    public void PerPoint_DetractorTwiceThenPromoter_EachDetractorAnswerJudgedByTheNext()
    {
        NpsAnswerRecord[] answers = [A(1, "parcel", 1, 2), A(1, "resurvey", 5, 4), A(1, "after_sales", 9, 9)];

        var recoveries = RecoveryRate.PerPoint(answers);

        Assert.Equal([new PointRecovery("parcel", 1, 1, 0), new PointRecovery("resurvey", 1, 1, 1)], recoveries);
    }

    [Fact]
    public void PerPoint_AnswersGivenOutOfOrder_SortedByTime()
    {
        NpsAnswerRecord[] answers = [A(1, "resurvey", 8, 10), A(1, "parcel", 1, 1)];

        Assert.Equal(100, Assert.Single(RecoveryRate.PerPoint(answers)).RatePercent);
    }

    [Fact]
    public void PerPoint_NoDetractors_NoRows()
    {
        Assert.Empty(RecoveryRate.PerPoint([A(1, "parcel", 1, 9)]));
        Assert.Null(new PointRecovery("parcel", 0, 0, 0).RatePercent);
    }
}
