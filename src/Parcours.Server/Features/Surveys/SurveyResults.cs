using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Surveys;

/// <summary>A point's figures: the headline metric over its answers (from the maintained aggregates), the answers, the invitations delivered and the response rate, and the objective's status.</summary>
public sealed record PointResult(
    string Key, string Name, string StageKey, string SurveyKey, PointKind Kind, string? TriggerEvent, HeadlineMetric? Metric, decimal? Value, decimal Objective,
    ObjectiveStatus Status, int Answers, int Invited, int Delivered, int Opened, int Answered, int? ResponseRatePercent, int AlertThreshold);

public sealed record SurveyInvitationView(
    Guid Id, Guid PersonId, string? PersonName, Guid? AccountId, SurveyChannel Channel, InvitationStatus Status, MessageStatus? MessageStatus,
    DateTime InvitedAt, DateTime DueAt, DateTime ExpiresAt, DateTime? OpenedAt, DateTime? AnsweredAt, DateTime? RemindedAt);

/// <summary>What the API reads: points with their live figures and a point's invitations (the answers grid is <see cref="Journeys.JourneyQueries.AnswersAsync"/>).</summary>
public static class SurveyResults
{
    /// <summary>Every point of a journey with its figures, over the months from <paramref name="fromMonth"/> to <paramref name="toMonth"/> (inclusive; all when null).</summary>
    public static async Task<Result<List<PointResult>>> PointsAsync(ParcoursDbContext db, string journeyKey, DateOnly? fromMonth, DateOnly? toMonth, CancellationToken ct)
    {
        if (await SurveyCatalog.JourneyAsync(db, journeyKey, ct) is not { } journey)
        {
            return new Error.NotFound("journey_not_found", $"No journey '{journeyKey}' in this workspace.");
        }

        var aggregates = await db.SurveyAggregates.AsNoTracking()
            .Where(a => a.JourneyKey == journeyKey && (fromMonth == null || a.Month >= fromMonth) && (toMonth == null || a.Month <= toMonth))
            .GroupBy(a => new { a.PointKey, a.Measure })
            .Select(g => new { g.Key.PointKey, g.Key.Measure, Answers = g.Sum(a => a.Answers), High = g.Sum(a => a.High), Low = g.Sum(a => a.Low), Sum = g.Sum(a => a.Sum) })
            .ToListAsync(ct);
        var start = fromMonth?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = toMonth?.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var invitations = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.JourneyKey == journeyKey && (start == null || i.InvitedAt >= start) && (end == null || i.InvitedAt < end))
            .GroupJoin(db.Messages, i => i.MessageId, m => m.Id, (i, m) => new { i, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new { x.i.PointKey, x.i.OpenedAt, x.i.AnsweredAt, Status = (MessageStatus?)m!.Status })
            .GroupBy(x => x.PointKey)
            .Select(g => new
            {
                PointKey = g.Key,
                Invited = g.Count(),
                Delivered = g.Count(x => x.Status == MessageStatus.Sent || x.Status == MessageStatus.Delivered),
                Opened = g.Count(x => x.OpenedAt != null),
                Answered = g.Count(x => x.AnsweredAt != null),
            })
            .ToListAsync(ct);
        var surveys = new Dictionary<string, SurveyDefinition?>(StringComparer.Ordinal);
        var results = new List<PointResult>();
        foreach (var point in journey.Points)
        {
            if (!surveys.TryGetValue(point.SurveyKey, out var survey))
            {
                surveys[point.SurveyKey] = survey = await SurveyCatalog.SurveyAsync(db, point.SurveyKey, ct);
            }

            ScoreCounts Counts(Measure measure) => aggregates.Where(a => a.PointKey == point.Key && a.Measure == measure)
                .Select(a => new ScoreCounts(a.Answers, a.High, a.Low, a.Sum)).FirstOrDefault();
            var headline = survey?.Headline;
            var value = headline is null ? null : SurveyHeadline.Value(headline, Counts);
            var answers = headline is null ? 0 : Counts(headline.Measures[0]).Answers;
            var sent = invitations.FirstOrDefault(i => i.PointKey == point.Key);
            var delivered = sent?.Delivered ?? 0;
            results.Add(new PointResult(
                point.Key, point.Name.Fr, point.StageKey, point.SurveyKey, point.Kind, point.TriggerEvent, headline is null ? null : SurveyHeadline.MetricOf(headline), value,
                point.Objective, SurveyHeadline.Status(value, point.Objective), answers, sent?.Invited ?? 0, delivered, sent?.Opened ?? 0, sent?.Answered ?? 0,
                delivered == 0 ? null : ResponseRate.Percent(Math.Min(sent!.Answered, delivered), delivered), point.AlertThreshold));
        }

        return results;
    }

    /// <summary>Who was invited at a point, and whether they opened and answered; newest first.</summary>
    public static async Task<List<SurveyInvitationView>> InvitationsAsync(ParcoursDbContext db, string journeyKey, string pointKey, int limit, CancellationToken ct)
    {
        var rows = await db.SurveyInvitations.AsNoTracking().Where(i => i.JourneyKey == journeyKey && i.PointKey == pointKey)
            .OrderByDescending(i => i.InvitedAt).Take(Math.Clamp(limit, 1, 1000))
            .GroupJoin(db.Messages, i => i.MessageId, m => m.Id, (i, m) => new { i, m })
            .SelectMany(x => x.m.DefaultIfEmpty(), (x, m) => new { x.i, Status = (MessageStatus?)m!.Status })
            .GroupJoin(db.People, x => x.i.PersonId, p => p.Id, (x, p) => new { x.i, x.Status, p })
            .SelectMany(x => x.p.DefaultIfEmpty(), (x, p) => new { x.i, x.Status, Name = p == null ? null : p.FirstName + " " + p.LastName })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(x => x.i.InvitedAt).Select(x => new SurveyInvitationView(
            x.i.Id, x.i.PersonId.Value, x.Name, x.i.AccountId?.Value, x.i.Channel, x.i.Status, x.Status, x.i.InvitedAt, x.i.DueAt, x.i.ExpiresAt, x.i.OpenedAt, x.i.AnsweredAt, x.i.RemindedAt))];
    }
}
