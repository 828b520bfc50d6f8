using Parcours.Domain.Common;
using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

/// <summary>The checks of one measurement point, each problem under the point's path.</summary>
internal static class PointChecks
{
    public static void Check(
        MeasurementPoint point, string path, Dictionary<string, int> stages, Dictionary<string, SurveyDefinition> surveys, ProblemList problems)
    {
        problems.Text(point.Name, $"{path}.name", JourneyLimits.MaxNameLength);
        if (!Enum.IsDefined(point.Kind))
        {
            problems.Fail("invalid_kind", $"{path}.kind", $"Point '{point.Key}' is a moment of truth or a transactional moment.");
        }

        if (point.StageKey is null || !stages.ContainsKey(point.StageKey))
        {
            problems.Fail("unknown_stage", $"{path}.stageKey", $"Point '{point.Key}' is in stage '{point.StageKey}', which is not a stage of this journey.");
        }

        CheckDelayAndTrigger(point, path, problems);
        CheckChannels(point, path, problems);
        CheckSurvey(point, path, surveys, problems);

        if (point.Window is { } window)
        {
            if (window.From is null && window.To is null)
            {
                problems.Fail("empty_window", $"{path}.window", $"Point '{point.Key}' has an active window with neither start nor end; remove the window to measure all the time.");
            }
            else if (window.From is { } from && window.To is { } to && to <= from)
            {
                problems.Fail("window_end_before_start", $"{path}.window.to", $"Point '{point.Key}' stops measuring at {to:u}, before it starts at {from:u}.");
            }
        }

        CheckPilot(point, path, problems);

        if (point.Reminder is { AfterDays: < 1 or > ReminderRule.MaxAfterDays })
        {
            problems.Fail("invalid_reminder", $"{path}.reminder.afterDays", $"Point '{point.Key}' reminds after {point.Reminder.AfterDays} days; 1 to {ReminderRule.MaxAfterDays}.");
        }

        if (point.Callback is { DeadlineHours: < 1 or > CallbackRule.MaxDeadlineHours })
        {
            problems.Fail("invalid_callback_deadline", $"{path}.callback.deadlineHours",
                $"Point '{point.Key}' gives {point.Callback.DeadlineHours} hours to call back; 1 to {CallbackRule.MaxDeadlineHours} (default 48).");
        }
    }

    private static void CheckDelayAndTrigger(MeasurementPoint point, string path, ProblemList problems)
    {
        switch (point.Delay)
        {
            case null:
                problems.Fail("required", $"{path}.delay", $"Point '{point.Key}' needs a delay: hot, warm or a cold schedule.");
                break;
            case HotDelay { Minutes: < 0 or > HotDelay.MaxMinutes } hot:
                problems.Fail("hot_delay_out_of_range", $"{path}.delay.minutes",
                    $"Point '{point.Key}' waits {hot.Minutes} minutes: a hot survey goes out 0 to {HotDelay.MaxMinutes} minutes (24 hours) after the interaction; from 2 to 10 days, make it warm.");
                break;
            case WarmDelay { Days: < WarmDelay.MinDays or > WarmDelay.MaxDays } warm:
                problems.Fail("warm_delay_out_of_range", $"{path}.delay.days",
                    $"Point '{point.Key}' waits {warm.Days} days: a warm survey goes out {WarmDelay.MinDays} to {WarmDelay.MaxDays} days after the interaction (seed 001); sooner, make it hot.");
                break;
            case ColdSchedule cold:
                if (!ColdSchedule.AllowedWaves.Contains(cold.WavesPerYear))
                {
                    problems.Fail("invalid_waves", $"{path}.delay.wavesPerYear",
                        $"Point '{point.Key}' has {cold.WavesPerYear} waves a year; waves split the year in whole months: {string.Join(", ", ColdSchedule.AllowedWaves)}.");
                }

                if (cold.FirstMonth is < 1 or > 12)
                {
                    problems.Fail("invalid_first_month", $"{path}.delay.firstMonth", $"Point '{point.Key}' starts its waves in month {cold.FirstMonth}; 1 to 12.");
                }

                break;
        }

        if (point.Delay is ColdSchedule)
        {
            if (point.TriggerEvent is not null)
            {
                problems.Fail("unexpected_trigger", $"{path}.triggerEvent", $"Point '{point.Key}' is cold: it goes out on its schedule, outside interactions, not on an event.");
            }
        }
        else
        {
            problems.EventName(point.TriggerEvent, $"{path}.triggerEvent");
        }
    }

    private static void CheckChannels(MeasurementPoint point, string path, ProblemList problems)
    {
        var channels = point.Channels ?? [];
        if (channels.Count == 0)
        {
            problems.Fail("no_channels", $"{path}.channels", $"Point '{point.Key}' needs at least one channel.");
        }

        for (var c = 0; c < channels.Count; c++)
        {
            if (!Enum.IsDefined(channels[c]))
            {
                problems.Fail("invalid_channel", $"{path}.channels[{c}]", "A channel is email, sms, voice, in-app pop-up or public link.");
            }
            else if (channels.Take(c).Contains(channels[c]))
            {
                problems.Fail("duplicate_channel", $"{path}.channels[{c}]", $"Point '{point.Key}' lists {channels[c]} twice.");
            }
        }
    }

    private static void CheckSurvey(MeasurementPoint point, string path, Dictionary<string, SurveyDefinition> surveys, ProblemList problems)
    {
        if (point.SurveyKey is null || !surveys.TryGetValue(point.SurveyKey, out var survey))
        {
            problems.Fail("unknown_survey", $"{path}.surveyKey", $"Point '{point.Key}' sends survey '{point.SurveyKey}', which does not exist.");
            return;
        }

        if (survey.Headline is not { } headline)
        {
            problems.Fail("survey_without_score", $"{path}.surveyKey",
                $"Survey '{survey.Key}' has no NPS, CSAT, CES or CXi question: a point needs one to hold an objective and a threshold.");
            return;
        }

        var metric = SurveyHeadline.MetricOf(headline);
        var (min, max) = SurveyHeadline.ObjectiveRange(metric);
        if (point.Objective < min || point.Objective > max)
        {
            problems.Fail("objective_out_of_range", $"{path}.objective", $"Point '{point.Key}' aims at {point.Objective}; its {metric} runs from {min} to {max}.");
        }

        var (low, high) = SurveyHeadline.AnswerRange(headline);
        if (point.AlertThreshold < low || point.AlertThreshold > high)
        {
            problems.Fail("threshold_out_of_range", $"{path}.alertThreshold",
                $"Point '{point.Key}' alerts under {point.AlertThreshold}; answers to '{headline.Key}' run from {low} to {high}.");
        }
    }

    private static void CheckPilot(MeasurementPoint point, string path, ProblemList problems)
    {
        switch (point.Pilot)
        {
            case null:
                break;
            case { SharePercent: not null, Segment: not null }:
            case { SharePercent: null, Segment: null }:
                problems.Fail("invalid_pilot", $"{path}.pilot", $"Point '{point.Key}' pilots on a share of customers or on one segment: give exactly one.");
                break;
            case { SharePercent: < 0 or > 100 }:
                problems.Fail("invalid_pilot_share", $"{path}.pilot.sharePercent", $"Point '{point.Key}' pilots on {point.Pilot.SharePercent} %; 0 to 100.");
                break;
            case { Segment: { } segment } when string.IsNullOrWhiteSpace(segment) || segment.Length > JourneyLimits.MaxSegmentLength:
                problems.Fail("invalid_pilot_segment", $"{path}.pilot.segment", $"A pilot segment is named in 1 to {JourneyLimits.MaxSegmentLength} characters.");
                break;
        }
    }
}
