using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Surveys;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Journeys;
using Parcours.Testing;
using static Parcours.Server.Tests.Journeys.JourneyKit;

namespace Parcours.Server.Tests.Journeys;

/// <summary>The journey read models on each database: metrics from the maintained aggregates against hand-worked figures, the answers grid's filters, and the demo.</summary>
public abstract class JourneyQueryTests<THost>(THost host) where THost : ParcoursHost
{
    [Fact]
    public async Task Figures_FromAggregates_MatchTheHandWorkedExample()
    {
        var kit = await CreateAsync(host);
        var now = host.Clock.GetUtcNow();
        var span = MonthSpan.Last(3, now);
        await using (var db = kit.Db())
        {
            // The seed's example on the NPS point: 35 promoters, 10 passives, 30 detractors → 46.67 − 40 = 6.67 → 7.
            db.SurveyAggregates.Add(Row(kit, "delivery", "product_in_use", span.To, Measure.Nps, 75, 35, 30, 35 * 9 + 10 * 7 + 30 * 3));
            // The parcel (stars, top two boxes): 6 of 8 last month (75 %), 9 of 10 this month (90 %), 15 of 18 over both (83 %).
            db.SurveyAggregates.Add(Row(kit, "delivery", "parcel_received", span.To.AddMonths(-1), Measure.CsatStars, 8, 6, 1, 30));
            db.SurveyAggregates.Add(Row(kit, "delivery", "parcel_received", span.To, Measure.CsatStars, 10, 9, 0, 46));
            // Out of the span: not counted.
            db.SurveyAggregates.Add(Row(kit, "delivery", "parcel_received", span.From.AddMonths(-1), Measure.CsatStars, 50, 0, 50, 50));
            await db.SaveChangesAsync(Ct);
        }

        var person = await kit.PersonAsync("Inès");
        await kit.ResponseAsync(person, "parcel_received", 5);
        await kit.ResponseAsync(person, "parcel_received", 4);
        await using (var db = kit.Db())
        {
            foreach (var status in new[] { InvitationStatus.Sent, InvitationStatus.Expired, InvitationStatus.NotSent, InvitationStatus.Scheduled })
            {
                db.SurveyInvitations.Add(new SurveyInvitation
                {
                    WorkspaceId = kit.Id, Id = Guid.NewGuid(), JourneyKey = "ecommerce", StageKey = "delivery", PointKey = "parcel_received", SurveyKey = "ecommerce_parcel",
                    PersonId = new Domain.Common.PersonId(person), IdempotencyKey = $"t:{Guid.NewGuid():N}", Status = status, InvitedAt = now.UtcDateTime.AddHours(-3),
                    DueAt = now.UtcDateTime, ExpiresAt = now.UtcDateTime.AddDays(7),
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var figures = (await kit.Api.GetFromJsonAsync<JourneyFigures>("/api/v1/journeys/ecommerce/figures?months=3", Json, Ct))!;

        var nps = figures.Point("product_in_use")!;
        Assert.Equal((HeadlineMetric.Nps, 7m, 75, ObjectiveStatus.Missed), (nps.Metric!.Value, nps.Value!.Value, nps.Answers, nps.Status));
        var parcel = figures.Point("parcel_received")!;
        Assert.Equal((83m, 18, ObjectiveStatus.Missed), (parcel.Value!.Value, parcel.Answers, parcel.Status));
        Assert.Equal([null, 75m, 90m], parcel.Months.Select(m => m.Value));
        Assert.Equal([ObjectiveStatus.NoAnswers, ObjectiveStatus.Missed, ObjectiveStatus.Met], parcel.Months.Select(m => m.Status));
        // Delivered: the two answered, the sent and the expired; not the one never sent nor the scheduled one. 2 / 4 = 50 %.
        Assert.Equal((4, 2, 50), (parcel.Delivered, parcel.AnsweredInvitations, parcel.ResponseRatePercent!.Value));
        Assert.Equal(ObjectiveStatus.NoAnswers, figures.Point("after_sales_call")!.Status);
    }

    [Fact]
    public async Task Answers_FilteredByCategoryChannelSegmentAndVerbatim_CaseInsensitive()
    {
        var kit = await CreateAsync(host);
        var ana = await kit.PersonAsync("Ana");
        var bob = await kit.PersonAsync("Bob");
        var account = await kit.AccountAsync("Boulangerie Martin", "PME", bob);
        await kit.ResponseAsync(ana, "product_in_use", 2, "Colis livré en RETARD, très déçue", SurveyChannel.Sms, "Particulier", "Maison");
        await kit.ResponseAsync(ana, "product_in_use", 8, "Correct, sans plus", SurveyChannel.Email, "Particulier", "Mode");
        await kit.ResponseAsync(bob, "product_in_use", 10, "Parfait, je recommande", SurveyChannel.Email, "PME", "Maison", account: account, consent: true);
        await kit.ResponseAsync(bob, "parcel_received", 1, "Carton abîmé, 100% cassé", SurveyChannel.Sms, "PME", "Jardin", account: account);

        Assert.Equal(4, (await PageAsync(kit, "")).Total);
        Assert.Equal(["Carton abîmé, 100% cassé", "Colis livré en RETARD, très déçue"], (await PageAsync(kit, "band=Low")).Items.Select(i => i.Verbatim).Order());
        Assert.Equal("Correct, sans plus", Assert.Single((await PageAsync(kit, "band=Middle")).Items).Verbatim);
        Assert.Equal("Colis livré en RETARD, très déçue", Assert.Single((await PageAsync(kit, "search=retard")).Items).Verbatim);
        Assert.Equal("Carton abîmé, 100% cassé", Assert.Single((await PageAsync(kit, "search=100%25")).Items).Verbatim);
        Assert.Equal(2, (await PageAsync(kit, "channel=Sms")).Total);
        Assert.Equal(1, (await PageAsync(kit, "segment=PME&point=product_in_use")).Total);
        Assert.Equal(2, (await PageAsync(kit, "product=Maison")).Total);
        Assert.Equal(1, (await PageAsync(kit, "stage=delivery&band=High")).Total);
        Assert.Equal(0, (await PageAsync(kit, $"from={host.Clock.GetUtcNow().UtcDateTime.AddDays(1):O}")).Total);
        Assert.Equal(4, (await PageAsync(kit, $"from={host.Clock.GetUtcNow().UtcDateTime.AddDays(-1):O}")).Total);
        await using (var db = kit.Db())
        {
            var span = MonthSpan.Last(6, host.Clock.GetUtcNow());
            Assert.Equal(4, (await JourneyQueries.AnswersAsync(db, new AnswerFilter("ecommerce", From: span.StartUtc), Ct)).Total);
        }

        var page = await PageAsync(kit, "pageSize=5000");
        Assert.Equal(AnswerFilter.MaxPageSize, page.PageSize);
        Assert.Equal("Boulangerie Martin", page.Items.First(i => i.PersonId == bob).AccountName);

        var fans = await kit.Api.GetFromJsonAsync<List<FanItem>>("/api/v1/fans", Json, Ct);
        Assert.Equal("Parfait, je recommande", Assert.Single(fans!).Verbatim);
        var csv = await kit.Api.GetStringAsync("/api/v1/fans/export", Ct);
        Assert.Contains("Parfait, je recommande", csv, StringComparison.Ordinal);

        var temperature = (await kit.Api.GetFromJsonAsync<AccountTemperature>($"/api/v1/accounts/{account}/temperature", Json, Ct))!;
        Assert.Equal(["parcel_received", "product_in_use"], temperature.LastScores.Select(s => s.PointKey).Order());
        var path = (await kit.Api.GetFromJsonAsync<List<PathStep>>($"/api/v1/people/{ana}/journey-path", Json, Ct))!;
        Assert.Equal([2, 8], path.Select(p => p.Score!.Value));
    }

    [Fact]
    public async Task Demo_SixMonthsOfAnswers_AggregatesEqualARescan_WithCallbacksAndVerbatims()
    {
        var kit = await CreateAsync(host, install: false);
        await kit.UserAsync("Camille");
        for (var i = 0; i < 24; i++)
        {
            var person = await kit.PersonAsync($"Client{i}");
            if (i % 2 == 0)
            {
                await kit.AccountAsync($"Société {i}", i % 4 == 0 ? "PME" : "ETI", person);
            }
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(kit.Id);
            var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.ParcoursDbContext>();
            await scope.ServiceProvider.GetRequiredService<DemoSurveys>().SeedAsync(db, 42, Ct);
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"The demo took {started.Elapsed}.");
        await using var check = kit.Db();
        var journeys = await JourneyCatalog.LoadAllAsync(check, Ct);
        Assert.Equal(2, journeys.Count);
        var surveys = journeys.SelectMany(j => j.Surveys.Values).DistinctBy(s => s.Key).ToDictionary(s => s.Key);
        var responses = await check.SurveyResponses.AsNoTracking().ToListAsync(Ct);
        Assert.True(responses.Count > 400, $"{responses.Count} responses");
        var rescan = SurveyAggregates.Rescan(responses.Select(r => new ScoredResponse(r.JourneyKey, r.StageKey, r.PointKey,
            new DateTimeOffset(DateTime.SpecifyKind(r.AnsweredAt, DateTimeKind.Utc)),
            ScoredResponse.ScoresOf(surveys[r.SurveyKey], JsonSerializer.Deserialize<List<QuestionAnswer>>(r.Answers, Json)!))), JourneyCatalog.Zone);
        var stored = (await check.SurveyAggregates.AsNoTracking().ToListAsync(Ct))
            .ToDictionary(a => new AggregateBucket(a.JourneyKey, a.StageKey, a.PointKey, a.Month, a.Measure), a => new ScoreCounts(a.Answers, a.High, a.Low, a.Sum));
        Assert.Equal(rescan.Buckets.OrderBy(b => b.Key.ToString()).ToList(), stored.OrderBy(b => b.Key.ToString()).ToList());
        Assert.Equal(6, stored.Keys.Select(k => k.Month).Distinct().Count());

        var nps = responses.Where(r => r.HeadlineMeasure == Measure.Nps).Select(r => Nps.Categorize(r.HeadlineScore!.Value)).ToList();
        Assert.InRange(nps.Count(c => c == NpsCategory.Detractor) * 100 / nps.Count, 5, 30);
        Assert.True(responses.Select(r => r.Verbatim).OfType<string>().Distinct().Count() >= 30);
        var callbacks = await check.Callbacks.AsNoTracking().ToListAsync(Ct);
        Assert.Contains(callbacks, c => c.ClosedAt != null && c.Attempts != "[]");
        Assert.Contains(callbacks, c => c.ClosedAt == null);
        Assert.Contains(responses, r => r.TestimonialConsent);
        Assert.Equal(2, await check.ActionPlans.CountAsync(Ct));
    }

    private static SurveyAggregateRow Row(JourneyKit kit, string stage, string point, DateOnly month, Measure measure, int answers, int high, int low, long sum) =>
        new() { WorkspaceId = kit.Id, JourneyKey = "ecommerce", StageKey = stage, PointKey = point, Month = month, Measure = measure, Answers = answers, High = high, Low = low, Sum = sum };

    private static async Task<AnswerPage> PageAsync(JourneyKit kit, string query) =>
        (await kit.Api.GetFromJsonAsync<AnswerPage>($"/api/v1/answers?journey=ecommerce&{query}", Json, Ct))!;
}

public sealed class JourneyQuerySqliteTests(SqliteHost host) : JourneyQueryTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class JourneyQueryPostgresTests(PostgresHost host) : JourneyQueryTests<PostgresHost>(host), IClassFixture<PostgresHost>;
