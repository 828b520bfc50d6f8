using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Journeys;
using Parcours.Domain.Playbooks;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Surveys;
using Parcours.Server.Features.Surveys;
using Parcours.Server.Features.Tasks;
using Parcours.Server.Tests.Agenda;
using Parcours.Server.Tests.Messaging;
using Parcours.Testing;
using static Parcours.Server.Tests.Messaging.ChannelKit;

namespace Parcours.Server.Tests.Surveys;

/// <summary>
/// Surveys end to end on each database, on a fake clock with a real SMTP server: a trigger event invites, the email
/// carries the score as buttons, one click records the score and opens the follow-up question, the form completes the
/// response, the aggregates equal a recount, a detractor opens a callback for the account's owner; tokens are checked
/// (unknown, another workspace's, expired, answered after the window), and the one reminder goes to non-answerers only.
/// </summary>
public abstract partial class SurveyRunTests<THost>(THost host) where THost : ChannelHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly SurveyDefinition Survey = new("after_call", new LocalizedText("Après votre appel", "After your call"),
        [new NpsQuestion("recommend", new LocalizedText("Recommanderiez-vous notre service ?", "Would you recommend our service?"))]);

    private static readonly JourneyDefinition Journey = new("support", new LocalizedText("Support", "Support"), new LocalizedText("Mesurer le support", "Measure support"),
        [new Persona("client", new LocalizedText("Client", "Customer"))],
        [new JourneyStage("after_sales", new LocalizedText("Après-vente", "After-sales"))],
        [new MeasurementPoint("call_done", new LocalizedText("J'ai appelé le support", "I called support"), PointKind.MomentOfTruth, "after_sales", "ticket_closed",
            "after_call", [SurveyChannel.Sms, SurveyChannel.Email], new HotDelay(60), Objective: 30, AlertThreshold: 7, Reminder: new ReminderRule(true, 2))]);

    [Fact]
    public async Task Event_InvitesByEmail_OneClickScoreThenForm_AggregatesMatchRecount_DetractorOpensCallback()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        await SetUpAsync(kit);
        var (writeKey, _) = await Tracking.CreateWriteKeyAsync(kit.Workspace);
        var group = $"acme-{Guid.NewGuid():N}";
        await kit.Api.PostAsJsonAsync("/api/v1/accounts", new { name = "Acme", externalId = group, ownerId = kit.Workspace.Admin.Id }, Json, Ct);
        var (user, email) = await CustomerAsync(kit, writeKey, "Ada", group);

        await TrackAsync(writeKey, $$"""{"type":"track","userId":"{{user}}","groupId":"{{group}}","event":"ticket_closed"}""");
        await kit.SettledAsync();
        var invitation = Assert.Single(await InvitationsAsync(kit));
        Assert.Equal((SurveyChannel.Email, InvitationStatus.Scheduled), (invitation.Channel, invitation.Status));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(61));
        var mail = await sink.WaitForAsync(m => m.To.Contains(email) && m.Subject == "Après votre appel : votre avis en un clic", Wait);
        var buttons = ScoreLinks().Matches(mail.Html!).Select(m => m.Groups["n"].Value).ToList();
        Assert.Equal([.. Enumerable.Range(0, 11).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))], buttons);

        var page = new Uri(ScoreLinks().Matches(mail.Html!)[3].Value.Replace("&amp;", "&", StringComparison.Ordinal)).PathAndQuery;
        var anonymous = host.App.CreateClient();
        var clicked = await anonymous.GetAsync(page, Ct);
        var html = WebUtility.HtmlDecode(await clicked.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Contains("Que pouvons-nous faire pour nous améliorer ?", html, StringComparison.Ordinal);
        Assert.Contains("<strong>3/10</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 15_000, $"{html.Length} characters");
        Assert.Equal(-100, (await PointAsync(kit)).Value);

        var path = page.Split('?')[0];
        var posted = await anonymous.PostAsync(path, new FormUrlEncodedContent([new("s", "3"), new("v", "Trop d'attente au téléphone")]), Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Merci", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);

        var point = await PointAsync(kit);
        Assert.Equal((1, 1, 1, 100, ObjectiveStatus.Missed), (point.Answers, point.Delivered, point.Answered, point.ResponseRatePercent, point.Status));
        await AssertAggregatesEqualRecountAsync(kit);
        await using (var db = AgendaTestKit.Context(host.Database, kit.Workspace.Workspace.Id))
        {
            var callback = await db.Callbacks.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(kit.Workspace.Admin.Id, callback.AssigneeId);
            Assert.Equal(callback.OpenedAt.AddHours(48), callback.DueAt);
        }

        var tasks = (await kit.Api.GetFromJsonAsync<List<TaskResponse>>("/api/v1/tasks?open=true", Json, Ct))!;
        // Opened by the one click already, before the comment: the sooner the call, the better.
        Assert.Single(tasks, t => t.Title == "Rappeler Ada Test, insatisfait (note 3)" && t.AssigneeId == kit.Workspace.Admin.Id);
        var found = (await kit.Api.GetFromJsonAsync<Parcours.Server.Features.Journeys.AnswerPage>("/api/v1/answers?journey=support&band=Low&search=ATTENTE", Json, Ct))!;
        Assert.Equal("Trop d'attente au téléphone", Assert.Single(found.Items).Verbatim);

        // Amended within the window by another button: the promoter question, the comment kept, the counts moved.
        var amended = WebUtility.HtmlDecode(await anonymous.GetStringAsync(path + "?s=9", Ct));
        Assert.Contains("Qu'avez-vous le plus aimé", amended, StringComparison.Ordinal);
        Assert.Equal((100, 1), ((await PointAsync(kit)).Value, (await PointAsync(kit)).Answers));
        await AssertAggregatesEqualRecountAsync(kit);

        await kit.AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync(path + "?s=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync(path, new FormUrlEncodedContent([new("s", "0")]), Ct)).StatusCode);
        Assert.Equal(100, (await PointAsync(kit)).Value);
    }

    [Fact]
    public async Task Tokens_UnknownIs404_AnotherWorkspaceTouchesNothingHere_ExpiredIs410()
    {
        var sink = host.RequireSink();
        var mine = await CreateAsync(host);
        var theirs = await CreateAsync(host);
        var myLink = await InvitedLinkAsync(mine, sink);
        var theirLink = await InvitedLinkAsync(theirs, sink);
        var anonymous = host.App.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new FormUrlEncodedContent([new("s", "1")]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(theirLink, new FormUrlEncodedContent([new("s", "2")]), Ct)).StatusCode);
        Assert.Equal(1, (await PointAsync(theirs)).Answers);
        var untouched = await PointAsync(mine);
        Assert.Equal((0, 0, 0), (untouched.Answers, untouched.Opened, untouched.Answered));
        await using (var db = AgendaTestKit.Context(host.Database, mine.Workspace.Workspace.Id))
        {
            Assert.False(await db.SurveyResponses.AnyAsync(Ct));
            Assert.False(await db.Callbacks.AnyAsync(Ct));
        }

        await mine.AdvanceAsync(SurveyInvitations.AnswerPeriod + TimeSpan.FromHours(1));
        var expired = await anonymous.GetAsync(myLink + "?s=10", Ct);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("Enquête terminée", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.PostAsync(myLink, new FormUrlEncodedContent([new("s", "10")]), Ct)).StatusCode);
        Assert.Equal(InvitationStatus.Expired, Assert.Single(await InvitationsAsync(mine)).Status);
    }

    [Fact]
    public async Task Reminder_GoesOnlyToThoseWhoHaveNotAnswered()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        await SetUpAsync(kit);
        var (writeKey, _) = await Tracking.CreateWriteKeyAsync(kit.Workspace);
        var (answering, answeringEmail) = await CustomerAsync(kit, writeKey, "Anne", null);
        var (silent, silentEmail) = await CustomerAsync(kit, writeKey, "Sam", null);
        await TrackAsync(writeKey, $$"""{"type":"track","userId":"{{answering}}","event":"ticket_closed"},{"type":"track","userId":"{{silent}}","event":"ticket_closed"}""");
        await kit.SettledAsync();
        await kit.AdvanceAsync(TimeSpan.FromMinutes(61));
        var first = await sink.WaitForAsync(m => m.To.Contains(answeringEmail) && m.Subject!.EndsWith("votre avis en un clic", StringComparison.Ordinal), Wait);
        await sink.WaitForAsync(m => m.To.Contains(silentEmail) && m.Subject!.EndsWith("votre avis en un clic", StringComparison.Ordinal), Wait);
        var link = new Uri(ScoreLinks().Matches(first.Html!)[10].Value).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await host.App.CreateClient().GetAsync(link, Ct)).StatusCode);

        await kit.AdvanceAsync(TimeSpan.FromDays(2));
        await sink.WaitForAsync(m => m.To.Contains(silentEmail) && m.Subject!.StartsWith("Rappel", StringComparison.Ordinal), Wait);
        await kit.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.DoesNotContain(sink.Received, m => m.To.Contains(answeringEmail) && m.Subject!.StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Single(sink.Received, m => m.To.Contains(silentEmail) && m.Subject!.StartsWith("Rappel", StringComparison.Ordinal));
        var invitations = await InvitationsAsync(kit);
        Assert.Equal(2, invitations.Count);
        Assert.Contains(invitations, i => i.PersonName!.StartsWith("Sam", StringComparison.Ordinal) && i.RemindedAt is not null && i.OpenedAt is null);
        Assert.Contains(invitations, i => i.PersonName!.StartsWith("Anne", StringComparison.Ordinal) && i.RemindedAt is null && i.AnsweredAt is not null);
    }

    private async Task<string> InvitedLinkAsync(ChannelKit kit, SmtpSink sink)
    {
        await SetUpAsync(kit);
        var (writeKey, _) = await Tracking.CreateWriteKeyAsync(kit.Workspace);
        var (user, email) = await CustomerAsync(kit, writeKey, "Zoé", null);
        await TrackAsync(writeKey, $$"""{"type":"track","userId":"{{user}}","event":"ticket_closed"}""");
        await kit.SettledAsync();
        await kit.AdvanceAsync(TimeSpan.FromMinutes(61));
        var mail = await sink.WaitForAsync(m => m.To.Contains(email), Wait);
        return new Uri(ScoreLinks().Matches(mail.Html!)[0].Value).AbsolutePath;
    }

    private static async Task SetUpAsync(ChannelKit kit)
    {
        (await kit.Api.PostAsync("/api/v1/surveys", Content(SurveyJson.Serialize(Survey)), Ct)).EnsureSuccessStatusCode();
        var saved = await kit.Api.PostAsync("/api/v1/journeys", Content(JourneyJson.Serialize(Journey)), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.False((await saved.Content.ReadFromJsonAsync<JourneyDto>(Json, Ct))!.Active);
        var active = await kit.Api.PostAsync("/api/v1/journeys/support/activate", null, Ct);
        Assert.True((await active.Content.ReadFromJsonAsync<JourneyDto>(Json, Ct))!.Active);
    }

    private static StringContent Content(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private async Task<(string User, string Email)> CustomerAsync(ChannelKit kit, string writeKey, string firstName, string? group)
    {
        var user = $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}";
        var email = $"{user}@client.test";
        var join = group is null ? "" : $$""",{"type":"group","userId":"{{user}}","groupId":"{{group}}"}""";
        await TrackAsync(writeKey, $$$"""{"type":"identify","userId":"{{{user}}}","traits":{"firstName":"{{{firstName}}}","lastName":"Test","email":"{{{email}}}"}}{{{join}}}""");
        await kit.SettledAsync();
        return (user, email);
    }

    private async Task TrackAsync(string writeKey, string messages)
    {
        var response = await Tracking.PostAsync(host.App.CreateClient(), "/v1/batch", $$"""{"batch":[{{messages}}]}""", writeKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<PointResult> PointAsync(ChannelKit kit) =>
        Assert.Single((await kit.Api.GetFromJsonAsync<List<PointResult>>("/api/v1/journeys/support/points", Json, Ct))!);

    private static async Task<List<SurveyInvitationView>> InvitationsAsync(ChannelKit kit) =>
        (await kit.Api.GetFromJsonAsync<List<SurveyInvitationView>>("/api/v1/journeys/support/points/call_done/invitations", Json, Ct))!;

    private async Task AssertAggregatesEqualRecountAsync(ChannelKit kit)
    {
        await using var db = AgendaTestKit.Context(host.Database, kit.Workspace.Workspace.Id);
        var stored = await db.SurveyAggregates.AsNoTracking().Where(a => a.Answers != 0).ToListAsync(Ct);
        var responses = await db.SurveyResponses.AsNoTracking().ToListAsync(Ct);
        var recount = SurveyAggregates.Rescan(responses.Select(r => new ScoredResponse(r.JourneyKey, r.StageKey, r.PointKey, new DateTimeOffset(r.AnsweredAt, TimeSpan.Zero),
            ScoredResponse.ScoresOf(Survey, SurveyResponses.Read(r.Answers)))), SurveyResponses.ReportingZone);
        Assert.Equal(
            recount.Buckets.OrderBy(b => b.Key.Month).ThenBy(b => b.Key.Measure).Select(b => (b.Key.PointKey, b.Key.Month, b.Key.Measure, b.Value)).ToList(),
            stored.OrderBy(a => a.Month).ThenBy(a => a.Measure).Select(a => (a.PointKey, a.Month, a.Measure, new ScoreCounts(a.Answers, a.High, a.Low, a.Sum))).ToList());
    }

    [GeneratedRegex(@"https?://[^""<\s]+/r/[A-Za-z0-9]+\?s=(?<n>\d+)")]
    private static partial Regex ScoreLinks();
}

public sealed class SurveyRunSqliteTests(SqliteChannelHost host) : SurveyRunTests<SqliteChannelHost>(host), IClassFixture<SqliteChannelHost>;

public sealed class SurveyRunPostgresTests(PostgresChannelHost host) : SurveyRunTests<PostgresChannelHost>(host), IClassFixture<PostgresChannelHost>;
