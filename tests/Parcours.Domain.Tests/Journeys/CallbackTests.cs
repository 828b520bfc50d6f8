using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using static Parcours.Domain.Tests.Journeys.SampleJourney;

namespace Parcours.Domain.Tests.Journeys;

public sealed class CallbackTests
{
    private static readonly SurveyDefinition NpsSurvey = SampleSurveys[0];
    private static readonly SurveyDefinition CsatSurvey = SampleSurveys[1];
    private static readonly UserId Csm = new(Guid.Parse("0190f6a2-0000-7000-8000-0000000000c5"));
    private static readonly UserId Boss = new(Guid.Parse("0190f6a2-0000-7000-8000-0000000000b0"));
    private static readonly SurveyResponseId Response = new(Guid.Parse("0190f6a2-0000-7000-8000-0000000000a1"));
    private static readonly DateTimeOffset Answered = Utc(2026, 5, 12, 10);

    private static Callback Opened() => Callback.OpenFor(Warm, NpsSurvey, [new ScoreAnswer("recommend", 4)], Response, Csm, Answered)!;

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void ReasonsFor_NpsDetractor_DetractorAndUnderThreshold(int score)
    {
        // The warm point's threshold is 7: a detractor is also under it.
        Assert.Equal([CallbackReason.Detractor, CallbackReason.UnderThreshold], Callback.ReasonsFor(Warm, NpsSurvey, [new ScoreAnswer("recommend", score)]));
    }

    [Fact]
    public void ReasonsFor_DetractorAtAPointWithLowThreshold_StillOpens()
    {
        var lenient = Warm with { AlertThreshold = 3 };

        Assert.Equal([CallbackReason.Detractor], Callback.ReasonsFor(lenient, NpsSurvey, [new ScoreAnswer("recommend", 5)]));
    }

    [Fact]
    public void ReasonsFor_PassiveUnderAHighThreshold_UnderThresholdOnly()
    {
        var strict = Warm with { AlertThreshold = 9 };

        Assert.Equal([CallbackReason.UnderThreshold], Callback.ReasonsFor(strict, NpsSurvey, [new ScoreAnswer("recommend", 8)]));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)] // "under" is strict: 3 is at the threshold
    [InlineData(5, false)]
    public void ReasonsFor_CsatAgainstThreshold_StrictlyUnder(int score, bool opens)
    {
        Assert.Equal(opens, Callback.ReasonsFor(Hot, CsatSurvey, [new ScoreAnswer("parcel", score)]).Count > 0);
    }

    [Fact]
    public void ReasonsFor_NpsNotTheHeadline_AnyDetractorStillOpens()
    {
        // A CSAT-headline survey with an NPS question after it: the happy CSAT does not hide the detractor.
        var survey = CsatSurvey with { Questions = [.. CsatSurvey.Questions, new NpsQuestion("recommend", Text("Recommanderiez-vous ?", "Recommend?"))] };

        Assert.Equal([CallbackReason.Detractor], Callback.ReasonsFor(Hot, survey, [new ScoreAnswer("parcel", 5), new ScoreAnswer("recommend", 2)]));
    }

    [Fact]
    public void ReasonsFor_CxiHeadline_LowestOfTheThree()
    {
        var survey = NpsSurvey with { Questions = [.. NpsSurvey.Questions.Where(q => q is CxiQuestion)] };
        var point = Hot with { AlertThreshold = 3 };

        Assert.Equal([CallbackReason.UnderThreshold], Callback.ReasonsFor(point, survey, [new CxiAnswer("experience", 5, 2, 5)]));
        Assert.Empty(Callback.ReasonsFor(point, survey, [new CxiAnswer("experience", 3, 4, 5)]));
    }

    [Fact]
    public void OpenFor_Satisfied_None()
    {
        Assert.Null(Callback.OpenFor(Warm, NpsSurvey, [new ScoreAnswer("recommend", 9)], Response, Csm, Answered));
    }

    [Fact]
    public void OpenFor_Detractor_DueFortyEightHoursLaterByDefault()
    {
        var callback = Opened();

        Assert.Equal((Csm, Answered, Answered.AddHours(48), "product_in_use"), (callback.Owner, callback.OpenedAt, callback.DueAt, callback.PointKey));
        Assert.Equal(CallbackState.Open, callback.StateAt(Answered.AddHours(48)));
        Assert.Equal(CallbackState.Overdue, callback.StateAt(Answered.AddHours(48).AddSeconds(1)));
    }

    [Fact]
    public void OpenFor_PointWithItsOwnDeadline_Used()
    {
        var callback = Callback.OpenFor(Cold, NpsSurvey, [new ScoreAnswer("recommend", 1)], Response, Csm, Answered)!;

        Assert.Equal(Answered.AddHours(24), callback.DueAt);
    }

    [Fact]
    public void Record_FirstCallAfterThreeHours_TimeToFirstCallbackAndCalledInTime()
    {
        var callback = Opened()
            .Record(new CallbackAttempt(Answered.AddHours(3), Csm, Reached: false, "Messagerie")).Value
            .Record(new CallbackAttempt(Answered.AddHours(26), Csm, Reached: true, " Colis perdu, renvoyé en express. ", "Renvoi gratuit")).Value;

        Assert.Equal(TimeSpan.FromHours(3), callback.TimeToFirstCallback);
        Assert.True(callback.CalledInTime);
        Assert.Equal(CallbackState.Called, callback.StateAt(Answered.AddDays(5)));
        Assert.Equal("Colis perdu, renvoyé en express.", callback.Attempts[1].Notes);
        Assert.Equal(2, callback.Attempts.Count);
    }

    [Fact]
    public void Record_BeforeTheAnswer_Refused()
    {
        Assert.Equal("before_opened", Assert.Single(Assert.IsType<Error.Validation>(Opened().Record(new CallbackAttempt(Answered.AddMinutes(-1), Csm, true)).Error).Failures).Code);
    }

    [Fact]
    public void Close_ThenCallAgain_Conflict()
    {
        var closed = Opened().Record(new CallbackAttempt(Answered.AddHours(1), Csm, true)).Value.Close(Answered.AddHours(2), "Client rassuré").Value;

        Assert.Equal((CallbackState.Closed, "Client rassuré"), (closed.StateAt(Answered.AddDays(3)), closed.Outcome));
        Assert.IsType<Error.Conflict>(closed.Record(new CallbackAttempt(Answered.AddHours(3), Csm, true)).Error);
        Assert.IsType<Error.Conflict>(closed.Close(Answered.AddHours(3), null).Error);
    }

    [Fact]
    public void Escalate_Overdue_ToTheOwnersManagerOnce()
    {
        var late = Answered.AddHours(49);

        var escalated = Opened().Escalate(late, Boss).Value;

        Assert.Equal((Boss, late), (escalated.EscalatedTo, escalated.EscalatedAt));
        Assert.Equal("callback_escalated", escalated.Escalate(late.AddHours(1), Boss).Error!.Code);
    }

    [Fact]
    public void Escalate_NotYetDueOrAlreadyCalled_Refused()
    {
        Assert.Equal("callback_not_overdue", Opened().Escalate(Answered.AddHours(47), Boss).Error!.Code);
        var called = Opened().Record(new CallbackAttempt(Answered.AddHours(1), Csm, false)).Value;
        Assert.Equal("callback_not_overdue", called.Escalate(Answered.AddHours(60), Boss).Error!.Code);
    }

    [Fact]
    public void Escalate_OwnerWithoutManager_NotFound()
    {
        Assert.IsType<Error.NotFound>(Opened().Escalate(Answered.AddHours(49), null).Error);
    }

    [Fact]
    public void Summary_FourCallbacks_TimesToFirstCallbackAndOverdue()
    {
        var now = Answered.AddDays(4);
        Callback[] callbacks =
        [
            Opened().Record(new CallbackAttempt(Answered.AddHours(2), Csm, true)).Value,
            Opened().Record(new CallbackAttempt(Answered.AddHours(4), Csm, true)).Value,
            Opened().Record(new CallbackAttempt(Answered.AddHours(60), Csm, true)).Value, // late
            Opened().Escalate(Answered.AddHours(50), Boss).Value,                       // never called
        ];

        var summary = CallbackSummary.Of(callbacks, now);

        Assert.Equal(new CallbackSummary(4, 3, 2, 1, 1, TimeSpan.FromHours(22), TimeSpan.FromHours(4)), summary);
    }

    [Fact]
    public void Summary_None_NoTimes()
    {
        Assert.Equal(new CallbackSummary(0, 0, 0, 0, 0, null, null), CallbackSummary.Of([], Answered));
    }
}
