using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Journeys;

/// <summary>A span of whole months, both included, in <see cref="JourneyCatalog.Zone"/>.</summary>
public readonly record struct MonthSpan(DateOnly From, DateOnly To)
{
    /// <summary>The last <paramref name="months"/> months, the current one included.</summary>
    public static MonthSpan Last(int months, DateTimeOffset now)
    {
        var current = AggregateBucket.MonthOf(now, JourneyCatalog.Zone);
        return new MonthSpan(current.AddMonths(1 - Math.Clamp(months, 1, 60)), current);
    }

    public IEnumerable<DateOnly> Months()
    {
        for (var m = From; m <= To; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    public DateTime StartUtc => LocalTime.StartOfDay(From, JourneyCatalog.Zone).UtcDateTime;

    public DateTime EndUtc => LocalTime.StartOfDay(To.AddMonths(1), JourneyCatalog.Zone).UtcDateTime;
}

public sealed record PointMonth(DateOnly Month, decimal? Value, int Answers, ObjectiveStatus Status);

/// <summary>A point's live figures over a span: its headline metric against the objective, month by month, its invitations and its closed loop.</summary>
public sealed record PointFigures(
    string PointKey,
    string StageKey,
    HeadlineMetric? Metric,
    decimal Objective,
    int AlertThreshold,
    decimal? Value,
    int Answers,
    ObjectiveStatus Status,
    int Delivered,
    int AnsweredInvitations,
    int? ResponseRatePercent,
    IReadOnlyList<PointMonth> Months,
    CallbackSummary Callbacks,
    PointRecovery? Recovery);

public sealed record JourneyFigures(string Key, MonthSpan Span, IReadOnlyList<PointFigures> Points)
{
    public PointFigures? Point(string key) => Points.FirstOrDefault(p => p.PointKey == key);
}

/// <summary>The answers grid's filters; every one optional. <see cref="Band"/> is the score category on the answer's own scale (NPS: detractor, passive, promoter).</summary>
public sealed record AnswerFilter(
    string? Journey = null,
    string? Point = null,
    string? Stage = null,
    SurveyChannel? Channel = null,
    string? Segment = null,
    string? Product = null,
    DateTime? From = null,
    DateTime? To = null,
    ScoreBand? Band = null,
    string? Search = null,
    Guid? Person = null,
    Guid? Account = null,
    int Page = 0,
    int PageSize = 50)
{
    public const int MaxPageSize = 200;
    public const int MaxSearchLength = 200;
}

public sealed record AnswerItem(
    Guid Id, DateTime AnsweredAt, Guid PersonId, string? PersonName, Guid? AccountId, string? AccountName, string JourneyKey, string StageKey, string PointKey,
    SurveyChannel Channel, string? Segment, string? Product, Measure? Measure, int? Score, ScoreBand? Band, string? Verbatim, bool TestimonialConsent);

public sealed record AnswerPage(int Total, int Page, int PageSize, IReadOnlyList<AnswerItem> Items);

/// <summary>One step of a customer's own path: an invitation at a point and what came of it.</summary>
public sealed record PathStep(
    string JourneyKey, string StageKey, string PointKey, DateTime InvitedAt, SurveyChannel Channel, InvitationStatus Status, DateTime? AnsweredAt,
    Measure? Measure, int? Score, ScoreBand? Band, string? Verbatim);

public sealed record LastScore(string JourneyKey, string PointKey, Measure? Measure, int? Score, ScoreBand? Band, DateTime AnsweredAt, string? PersonName);

/// <summary>"The customer's temperature before a meeting": their last score per point, open callbacks and last answers.</summary>
public sealed record AccountTemperature(IReadOnlyList<LastScore> LastScores, IReadOnlyList<CallbackItem> OpenCallbacks, IReadOnlyList<AnswerItem> LastAnswers);

public sealed record BreakdownRow(string Label, decimal? Value, int Answers);

public sealed record FanItem(DateTime AnsweredAt, Guid PersonId, string? PersonName, string? Email, string? AccountName, string JourneyKey, string PointKey, Measure? Measure, int? Score, string? Verbatim);

/// <summary>
/// What the journey pages read. Scores come from the maintained aggregates (never a rescan of the answers), response
/// rates from the invitations, the closed loop from the callbacks; the answers grid, a customer's path and the fans
/// from the responses.
/// </summary>
public static class JourneyQueries
{
    public static async Task<JourneyFigures> FiguresAsync(ParcoursDbContext db, LoadedJourney journey, MonthSpan span, DateTimeOffset now, CancellationToken ct)
    {
        var key = journey.Definition.Key;
        var rows = await db.SurveyAggregates.AsNoTracking()
            .Where(a => a.JourneyKey == key && a.Month >= span.From && a.Month <= span.To)
            .ToListAsync(ct);
        var (start, end) = (span.StartUtc, span.EndUtc);
        var invitations = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.JourneyKey == key && i.InvitedAt >= start && i.InvitedAt < end)
            .GroupBy(i => new { i.PointKey, i.Status })
            .Select(g => new { g.Key.PointKey, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var callbacks = (await db.Callbacks.AsNoTracking()
                .Where(c => c.JourneyKey == key && c.OpenedAt >= start && c.OpenedAt < end)
                .ToListAsync(ct))
            .Select(CallbackRows.ToDomain).ToList();
        var recovery = await RecoveryAsync(db, start, end, ct);

        var points = new List<PointFigures>();
        foreach (var point in journey.Definition.Points)
        {
            var own = rows.Where(r => r.PointKey == point.Key).ToList();
            var headline = journey.HeadlineOf(point);
            var months = span.Months().Select(month =>
            {
                var value = Value(headline, own.Where(r => r.Month == month));
                return new PointMonth(month, value, Answers(headline, own.Where(r => r.Month == month)), SurveyHeadline.Status(value, point.Objective));
            }).ToList();
            var total = Value(headline, own);
            var delivered = invitations.Where(i => i.PointKey == point.Key && Delivered(i.Status)).Sum(i => i.Count);
            var answered = invitations.Where(i => i.PointKey == point.Key && i.Status == InvitationStatus.Answered).Sum(i => i.Count);
            points.Add(new PointFigures(
                point.Key, point.StageKey, headline is null ? null : SurveyHeadline.MetricOf(headline), point.Objective, point.AlertThreshold,
                total, Answers(headline, own), SurveyHeadline.Status(total, point.Objective), delivered, answered, ResponseRate.Percent(answered, delivered),
                months, CallbackSummary.Of(callbacks.Where(c => c.PointKey == point.Key), now), recovery.FirstOrDefault(r => r.PointKey == point.Key)));
        }

        return new JourneyFigures(key, span, points);
    }

    /// <summary>The headline metric of a point over aggregate rows (any months); null without answers.</summary>
    public static decimal? Value(SurveyQuestion? headline, IEnumerable<SurveyAggregateRow> rows)
    {
        if (headline is null)
        {
            return null;
        }

        var counts = Counts(rows);
        return SurveyHeadline.Value(headline, m => counts.GetValueOrDefault(m));
    }

    public static Dictionary<Measure, ScoreCounts> Counts(IEnumerable<SurveyAggregateRow> rows) =>
        rows.GroupBy(r => r.Measure).ToDictionary(g => g.Key, g => g.Aggregate(ScoreCounts.Empty, (sum, r) => sum + new ScoreCounts(r.Answers, r.High, r.Low, r.Sum)));

    /// <summary>The point's score in the month an action plan was created (before) and over the months after it (after).</summary>
    public static async Task<(decimal? Before, decimal? After)> BeforeAfterAsync(ParcoursDbContext db, LoadedJourney journey, string pointKey, DateTime createdAt, CancellationToken ct)
    {
        var point = journey.Definition.Point(pointKey);
        var headline = point is null ? null : journey.HeadlineOf(point);
        var month = AggregateBucket.MonthOf(new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)), JourneyCatalog.Zone);
        var key = journey.Definition.Key;
        var rows = await db.SurveyAggregates.AsNoTracking().Where(a => a.JourneyKey == key && a.PointKey == pointKey && a.Month >= month).ToListAsync(ct);
        return (Value(headline, rows.Where(r => r.Month == month)), Value(headline, rows.Where(r => r.Month > month)));
    }

    public static async Task<AnswerPage> AnswersAsync(ParcoursDbContext db, AnswerFilter filter, CancellationToken ct)
    {
        var size = Math.Clamp(filter.PageSize, 1, AnswerFilter.MaxPageSize);
        var page = Math.Max(0, filter.Page);
        var query = Filtered(db.SurveyResponses.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.AnsweredAt).ThenBy(r => r.Id).Skip(page * size).Take(size).ToListAsync(ct);
        return new AnswerPage(total, page, size, await ItemsAsync(db, rows, ct));
    }

    public static IQueryable<SurveyResponseRow> Filtered(IQueryable<SurveyResponseRow> query, AnswerFilter filter)
    {
        if (filter.Journey is { Length: > 0 } journey)
        {
            query = query.Where(r => r.JourneyKey == journey);
        }

        if (filter.Point is { Length: > 0 } point)
        {
            query = query.Where(r => r.PointKey == point);
        }

        if (filter.Stage is { Length: > 0 } stage)
        {
            query = query.Where(r => r.StageKey == stage);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(r => r.Channel == channel);
        }

        if (filter.Segment is { Length: > 0 } segment)
        {
            query = query.Where(r => r.Segment == segment);
        }

        if (filter.Product is { Length: > 0 } product)
        {
            query = query.Where(r => r.Product == product);
        }

        if (filter.From is { } from)
        {
            var utc = DateTime.SpecifyKind(from, DateTimeKind.Utc);
            query = query.Where(r => r.AnsweredAt >= utc);
        }

        if (filter.To is { } to)
        {
            var utc = DateTime.SpecifyKind(to, DateTimeKind.Utc);
            query = query.Where(r => r.AnsweredAt < utc);
        }

        if (filter.Person is { } person)
        {
            var id = new PersonId(person);
            query = query.Where(r => r.PersonId == id);
        }

        if (filter.Account is { } account)
        {
            var id = new AccountId(account);
            query = query.Where(r => r.AccountId == id);
        }

        if (filter.Band is { } band)
        {
            query = query.Where(InBand(band));
        }

        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            // Case-insensitive contains on both databases: lower() on each side (accented capitals are rare in verbatims).
            var term = search[..Math.Min(search.Length, AnswerFilter.MaxSearchLength)].ToLowerInvariant();
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(r => r.Verbatim != null && EF.Functions.Like(r.Verbatim.ToLower(), pattern, "\\"));
        }

        return query;
    }

    /// <summary>The answers whose headline score falls in <paramref name="band"/> on its own scale (<see cref="Measures.Band"/>), in SQL.</summary>
    public static Expression<Func<SurveyResponseRow, bool>> InBand(ScoreBand band) => band switch
    {
        ScoreBand.High => r => r.HeadlineScore != null && r.HeadlineScore >= (r.HeadlineMeasure == Measure.Nps || r.HeadlineMeasure == Measure.Csat10 ? 9 : r.HeadlineMeasure == Measure.Ces7 ? 5 : 4),
        ScoreBand.Low => r => r.HeadlineScore != null && r.HeadlineScore <= (r.HeadlineMeasure == Measure.Nps ? 6 : r.HeadlineMeasure == Measure.Ces7 ? 3 : 2),
        _ => r => r.HeadlineScore != null
                  && r.HeadlineScore < (r.HeadlineMeasure == Measure.Nps || r.HeadlineMeasure == Measure.Csat10 ? 9 : r.HeadlineMeasure == Measure.Ces7 ? 5 : 4)
                  && r.HeadlineScore > (r.HeadlineMeasure == Measure.Nps ? 6 : r.HeadlineMeasure == Measure.Ces7 ? 3 : 2),
    };

    public static ScoreBand? BandOf(Measure? measure, int? score) =>
        measure is { } m && score is { } s && m.Accepts(s) ? m.Band(s) : null;

    /// <summary>A customer's own path: every invitation of the person, oldest first, with the answer it got.</summary>
    public static async Task<List<PathStep>> PathAsync(ParcoursDbContext db, Guid personId, string? journeyKey, CancellationToken ct)
    {
        var person = new PersonId(personId);
        var invitations = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.PersonId == person && (journeyKey == null || i.JourneyKey == journeyKey))
            .OrderBy(i => i.InvitedAt).Take(500).ToListAsync(ct);
        var ids = invitations.Select(i => i.Id).ToList();
        var responses = await db.SurveyResponses.AsNoTracking().Where(r => r.PersonId == person && ids.Contains(r.InvitationId)).ToDictionaryAsync(r => r.InvitationId, ct);
        return [.. invitations.Select(i =>
        {
            var r = responses.GetValueOrDefault(i.Id);
            return new PathStep(i.JourneyKey, i.StageKey, i.PointKey, i.InvitedAt, i.Channel, i.Status, r?.AnsweredAt, r?.HeadlineMeasure, r?.HeadlineScore,
                BandOf(r?.HeadlineMeasure, r?.HeadlineScore), r?.Verbatim);
        })];
    }

    public static async Task<AccountTemperature> TemperatureAsync(ParcoursDbContext db, Guid accountId, DateTimeOffset now, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        var recent = await db.SurveyResponses.AsNoTracking().Where(r => r.AccountId == account)
            .OrderByDescending(r => r.AnsweredAt).Take(60).ToListAsync(ct);
        var items = await ItemsAsync(db, recent, ct);
        var last = items.Where(i => i.Score is not null)
            .GroupBy(i => (i.JourneyKey, i.PointKey))
            .Select(g => g.First())
            .Select(i => new LastScore(i.JourneyKey, i.PointKey, i.Measure, i.Score, i.Band, i.AnsweredAt, i.PersonName))
            .ToList();
        var open = await CallbackCommands.ListAsync(db, new CallbackQuery(Account: accountId, Status: CallbackFilter.Open), now, ct);
        return new AccountTemperature(last, open, [.. items.Take(5)]);
    }

    /// <summary>The point's headline over the span, by segment or by product of the answers (from the responses: a breakdown the aggregates do not keep).</summary>
    public static async Task<List<BreakdownRow>> BreakdownAsync(ParcoursDbContext db, LoadedJourney journey, string pointKey, bool byProduct, MonthSpan span, CancellationToken ct)
    {
        var point = journey.Definition.Point(pointKey);
        if (point is null || journey.HeadlineOf(point) is not { } headline)
        {
            return [];
        }

        var key = journey.Definition.Key;
        var (start, end) = (span.StartUtc, span.EndUtc);
        var query = db.SurveyResponses.AsNoTracking()
            .Where(r => r.JourneyKey == key && r.PointKey == pointKey && r.AnsweredAt >= start && r.AnsweredAt < end && r.HeadlineScore != null && r.HeadlineMeasure != null);
        var groups = await (byProduct
                ? query.GroupBy(r => new { Label = r.Product, r.HeadlineMeasure, r.HeadlineScore })
                : query.GroupBy(r => new { Label = r.Segment, r.HeadlineMeasure, r.HeadlineScore }))
            .Select(g => new { g.Key.Label, g.Key.HeadlineMeasure, g.Key.HeadlineScore, Count = g.Count() })
            .ToListAsync(ct);
        return [.. groups.GroupBy(g => g.Label ?? "—").Select(label =>
            {
                var counts = new Dictionary<Measure, ScoreCounts>();
                foreach (var g in label)
                {
                    var measure = g.HeadlineMeasure!.Value;
                    for (var i = 0; i < g.Count; i++)
                    {
                        counts[measure] = counts.GetValueOrDefault(measure).Add(measure, g.HeadlineScore!.Value);
                    }
                }

                return new BreakdownRow(label.Key, SurveyHeadline.Value(headline, m => counts.GetValueOrDefault(m)), label.Sum(g => g.Count));
            })
            .OrderByDescending(b => b.Answers)];
    }

    /// <summary>Promoters (top band of their scale) who agreed to be quoted: the fans, newest first.</summary>
    public static async Task<List<FanItem>> FansAsync(ParcoursDbContext db, string? journeyKey, int limit, CancellationToken ct)
    {
        var rows = await db.SurveyResponses.AsNoTracking()
            .Where(r => r.TestimonialConsent && (journeyKey == null || r.JourneyKey == journeyKey))
            .Where(InBand(ScoreBand.High))
            .OrderByDescending(r => r.AnsweredAt).Take(Math.Clamp(limit, 1, 10_000)).ToListAsync(ct);
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { Name = p.FirstName + " " + p.LastName, p.Email }, ct);
        var accounts = await AccountNamesAsync(db, rows.Select(r => r.AccountId), ct);
        return [.. rows.Select(r => new FanItem(r.AnsweredAt, r.PersonId.Value, people.GetValueOrDefault(r.PersonId)?.Name, people.GetValueOrDefault(r.PersonId)?.Email,
            r.AccountId is { } a ? accounts.GetValueOrDefault(a) : null, r.JourneyKey, r.PointKey, r.HeadlineMeasure, r.HeadlineScore, r.Verbatim))];
    }

    public static async Task<List<AnswerItem>> ItemsAsync(ParcoursDbContext db, List<SurveyResponseRow> rows, CancellationToken ct)
    {
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, ct);
        var accounts = await AccountNamesAsync(db, rows.Select(r => r.AccountId), ct);
        return [.. rows.Select(r => new AnswerItem(
            r.Id, r.AnsweredAt, r.PersonId.Value, people.GetValueOrDefault(r.PersonId), r.AccountId?.Value, r.AccountId is { } a ? accounts.GetValueOrDefault(a) : null,
            r.JourneyKey, r.StageKey, r.PointKey, r.Channel, r.Segment, r.Product, r.HeadlineMeasure, r.HeadlineScore, BandOf(r.HeadlineMeasure, r.HeadlineScore),
            r.Verbatim, r.TestimonialConsent))];
    }

    public static async Task<Dictionary<AccountId, string>> AccountNamesAsync(ParcoursDbContext db, IEnumerable<AccountId?> ids, CancellationToken ct)
    {
        var list = ids.OfType<AccountId>().Distinct().ToList();
        return list.Count == 0 ? [] : await db.Accounts.AsNoTracking().Where(a => list.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
    }

    /// <summary>Recovery per point over NPS answers in the span: each detractor judged by the same person's next NPS answer.</summary>
    private static async Task<IReadOnlyList<PointRecovery>> RecoveryAsync(ParcoursDbContext db, DateTime start, DateTime end, CancellationToken ct)
    {
        var answers = await db.SurveyResponses.AsNoTracking()
            .Where(r => r.HeadlineMeasure == Measure.Nps && r.HeadlineScore != null && r.AnsweredAt >= start && r.AnsweredAt < end)
            .Select(r => new { r.PersonId, r.PointKey, r.AnsweredAt, Score = r.HeadlineScore!.Value })
            .ToListAsync(ct);
        return RecoveryRate.PerPoint(answers.Select(a => new NpsAnswerRecord(a.PersonId, a.PointKey, new DateTimeOffset(DateTime.SpecifyKind(a.AnsweredAt, DateTimeKind.Utc)), a.Score)));
    }

    private static int Answers(SurveyQuestion? headline, IEnumerable<SurveyAggregateRow> rows) => headline switch
    {
        null => 0,
        CxiQuestion => rows.Where(r => r.Measure == Measure.CxiSatisfied).Sum(r => r.Answers),
        ScoreQuestion q => rows.Where(r => r.Measure == q.Measure).Sum(r => r.Answers),
        _ => 0,
    };

    private static bool Delivered(InvitationStatus status) => status is InvitationStatus.Sent or InvitationStatus.Answered or InvitationStatus.Expired;
}
