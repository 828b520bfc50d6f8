using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Server.Features.Messaging;
using Parcours.Server.Tests.Agenda;
using Parcours.Testing;
using static Parcours.Server.Tests.Messaging.ChannelKit;

namespace Parcours.Server.Tests.Messaging;

/// <summary>
/// The channels end to end on each database, through the agenda on a fake clock: a real SMTP server receives the
/// emails, a local Twilio-style provider the SMS and the webhooks. No sleeps: the clock moves, and arrivals are awaited.
/// </summary>
public abstract partial class ChannelTests<THost>(THost host) where THost : ChannelHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly TemplateVariantDto WelcomeFr = new("fr", "Bienvenue {{ person.first_name }}",
        "<p>Bonjour {{ person.first_name }}, bienvenue chez {{ account.name }} !</p><p><a href=\"https://docs.example.com/guide?etape=1&amp;x=2\">Le guide</a></p>" +
        "<p><a href=\"{{ links.unsubscribe }}\">Se désabonner</a></p>", null);

    private static readonly TemplateVariantDto WelcomeEn = new("en", "Welcome {{ person.first_name }}",
        "<p>Hello {{ person.first_name }}, welcome!</p><p><a href=\"https://docs.example.com/guide?etape=1&amp;x=2\">The guide</a></p>", null);

    [Fact]
    public async Task Email_ThroughTheAgenda_ArrivesWithBothParts_InThePersonsLanguage_WithOneClickUnsubscribe()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Email, WelcomeFr, WelcomeEn);
        var camille = await kit.PersonAsync("Camille", "fr");
        var jane = await kit.PersonAsync("Jane", "en");

        var toCamille = await kit.SendAsync(camille, template);
        var toJane = await kit.SendAsync(jane, template);
        await kit.SettledAsync();

        var french = await sink.WaitForAsync(m => m.MessageId?.Contains($"{toCamille.MessageId:N}", StringComparison.Ordinal) == true, Wait);
        var english = await sink.WaitForAsync(m => m.MessageId?.Contains($"{toJane.MessageId:N}", StringComparison.Ordinal) == true, Wait);
        Assert.Equal("Bienvenue Camille", french.Subject);
        Assert.Equal("Welcome Jane", english.Subject);
        Assert.Contains("Bonjour Camille", french.Html, StringComparison.Ordinal);
        Assert.Contains("Bonjour Camille", french.Text, StringComparison.Ordinal);
        Assert.Contains("Hello Jane", english.Text, StringComparison.Ordinal);
        Assert.Matches($"^<{Regex.Escape(ChannelHost.PublicBase)}/u/[A-Za-z0-9]{{40}}>$", french.Header("List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", french.Header("List-Unsubscribe-Post"));
        // The unsubscribe link in the body is the header's, and is not turned into a tracked link.
        Assert.Contains(french.Header("List-Unsubscribe")!.Trim('<', '>'), french.Html, StringComparison.Ordinal);
        var timeline = await kit.TimelineAsync(camille);
        Assert.Equal((MessageStatus.Sent, "Bienvenue Camille"), (timeline.Single().Status, timeline.Single().Subject));
    }

    [Fact]
    public async Task Unsubscribe_OneClickPost_WithdrawsConsentAtOnce_AndTheNextSendIsSuppressedWithItsReason()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Email, WelcomeFr);
        var person = await kit.PersonAsync("Louise");
        var first = await kit.SendAsync(person, template);
        await kit.SettledAsync();
        var email = await sink.WaitForAsync(m => m.MessageId?.Contains($"{first.MessageId:N}", StringComparison.Ordinal) == true, Wait);
        var link = new Uri(email.Header("List-Unsubscribe")!.Trim('<', '>'));
        var anonymous = host.App.CreateClient();

        var page = await anonymous.GetAsync(link.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var oneClick = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        var after = await kit.Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/people/{person}", Ct);
        Assert.False(after.GetProperty("consent").GetProperty("email").GetBoolean());
        var second = await kit.SendAsync(person, template);
        await kit.SettledAsync();
        var suppressed = (await kit.TimelineAsync(person)).Single(m => m.Id == second.MessageId);
        Assert.Equal((MessageStatus.Suppressed, nameof(SolicitationReason.Unsubscribed)), (suppressed.Status, suppressed.Reason));
        Assert.NotNull((await kit.TimelineAsync(person)).Single(m => m.Id == first.MessageId).UnsubscribedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/u/not-a-real-token-but-long-enough-to-look", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task TrackedLink_RedirectsOnlyToTheRecordedUrl_AndCountsTheClick()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Email, WelcomeFr);
        var person = await kit.PersonAsync("Hugo");
        var sent = await kit.SendAsync(person, template);
        await kit.SettledAsync();
        var email = await sink.WaitForAsync(m => m.MessageId?.Contains($"{sent.MessageId:N}", StringComparison.Ordinal) == true, Wait);
        var tracked = TrackedLink().Match(email.Html!).Value;
        Assert.NotEmpty(tracked);
        Assert.DoesNotContain("docs.example.com", email.Html, StringComparison.Ordinal);
        Assert.Contains(tracked, email.Text, StringComparison.Ordinal);
        var anonymous = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var click = await anonymous.GetAsync(new Uri(tracked).PathAndQuery, Ct);

        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("https://docs.example.com/guide?etape=1&x=2", click.Headers.Location?.ToString());
        var message = await kit.MessageAsync(sent.MessageId);
        Assert.Equal(1, message.Clicks);
        Assert.NotNull(message.ClickedAt);
        var token = new Uri(tracked).Segments[2].TrimEnd('/');
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/l/{token}/7", Ct)).StatusCode);
        // No URL is ever taken from the request: a parameter naming another site changes nothing.
        var smuggled = await anonymous.GetAsync($"/l/{token}/0?url=https%3A%2F%2Fevil.example", Ct);
        Assert.Equal("docs.example.com", smuggled.Headers.Location?.Host);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/l/{new string('x', 40)}/0", Ct)).StatusCode);
    }

    [Fact]
    public async Task Sms_ReachesTheProvider_WithTheIdempotencyHeader_AndASignedStatusCallbackMarksItDelivered()
    {
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Sms, new TemplateVariantDto("fr", null, "Bonjour {{ person.first_name }}, votre compte est prêt.", null));
        var person = await kit.PersonAsync("Nora", phone: "+33611223344", sms: true);

        var sent = await kit.SendAsync(person, template);
        await kit.SettledAsync();

        var request = await host.Sms.WaitForAsync(r => r.Headers.GetValueOrDefault("i-twilio-idempotency-token") == MessageDispatcher.ChannelKey(sent.MessageId), Wait);
        Assert.Equal($"/Accounts/{FakeProvider.AccountSid}/Messages.json", request.Path);
        Assert.Equal(("+33611223344", "+33700000000", "Bonjour Nora, votre compte est prêt."), (request.Form["To"], request.Form["From"], request.Form["Body"]));
        var message = await kit.MessageAsync(sent.MessageId);
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.StartsWith("SM", message.ProviderReference, StringComparison.Ordinal);

        var callback = new Uri(request.Form["StatusCallback"]);
        Assert.StartsWith($"{ChannelHost.PublicBase}/hooks/sms/", callback.ToString(), StringComparison.Ordinal);
        var anonymous = host.App.CreateClient();
        var forged = await PostCallbackAsync(anonymous, callback, "delivered", "wrong-token");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostCallbackAsync(anonymous, callback, "delivered", FakeProvider.AuthToken)).StatusCode);
        // A late "sent" after "delivered" changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await PostCallbackAsync(anonymous, callback, "sent", FakeProvider.AuthToken)).StatusCode);

        var delivered = (await kit.TimelineAsync(person)).Single();
        Assert.Equal(MessageStatus.Delivered, delivered.Status);
        Assert.NotNull(delivered.DeliveredAt);
    }

    [Fact]
    public async Task Sms_ConnectionLostAfterTheProviderSent_RetryCarriesTheSameKey_AndThePersonGetsOneSms()
    {
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Sms, new TemplateVariantDto("fr", null, "Rappel : rendez-vous demain.", null));
        var person = await kit.PersonAsync("Yanis", phone: "+33622334455", sms: true);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var sent = await kit.SendAsync(person, template, dueAt: now.AddMinutes(1));
        var key = MessageDispatcher.ChannelKey(sent.MessageId);
        host.Sms.BreakAfterSending(key);

        await kit.AdvanceAsync(TimeSpan.FromMinutes(1));
        await host.Sms.WaitForAsync(r => r.Headers.GetValueOrDefault("i-twilio-idempotency-token") == key, Wait);
        await kit.AdvanceAsync(TimeSpan.FromMinutes(2));
        await AgendaTestKit.WaitUntilAsync(async () => (await kit.MessageAsync(sent.MessageId)).Status == MessageStatus.Sent, "the retried SMS");

        Assert.Equal(2, host.Sms.Requests.Count(r => r.Headers.GetValueOrDefault("i-twilio-idempotency-token") == key));
        Assert.Single(host.Sms.Sent, r => r.Headers.GetValueOrDefault("i-twilio-idempotency-token") == key);
    }

    [Fact]
    public async Task Webhook_ArrivesSigned_TheSignatureVerifies_AndAFailureIsRetriedWithTheSameId()
    {
        var kit = await CreateAsync(host);
        var created = await (await kit.Api.PostAsJsonAsync("/api/v1/webhooks", new WebhookEndpointRequest($"{host.Sms.BaseUrl}hooks/{Guid.NewGuid():N}", null), Json, Ct))
            .AssertOkJsonAsync();
        var secret = created.GetProperty("secret").GetString()!;
        var url = created.GetProperty("endpoint").GetProperty("url").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        host.Sms.AnswerNext(503);

        var test = await kit.Api.PostAsync($"/api/v1/webhooks/{created.GetProperty("endpoint").GetProperty("id").GetString()}/test", null, Ct);
        await test.AssertOkJsonAsync();
        await kit.SettledAsync();
        var path = new Uri(url).AbsolutePath;
        await host.Sms.WaitForAsync(r => r.Path == path, Wait);
        await kit.AdvanceAsync(TimeSpan.FromMinutes(1));
        await AgendaTestKit.WaitUntilAsync(() => Task.FromResult(host.Sms.Requests.Count(r => r.Path == path) == 2), "the retried webhook");

        var attempts = host.Sms.Requests.Where(r => r.Path == path).ToList();
        Assert.Single(attempts.Select(a => a.Headers["webhook-id"]).Distinct());
        var last = attempts[^1];
        Assert.True(WebhookSigner.Verify(secret, last.Headers["webhook-id"], last.Headers["webhook-timestamp"], last.Body, last.Headers["webhook-signature"],
            host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigner.Verify(secret, last.Headers["webhook-id"], last.Headers["webhook-timestamp"], last.Body + " ", last.Headers["webhook-signature"],
            host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.Contains("\"type\":\"webhook.test\"", last.Body, StringComparison.Ordinal);
        await AgendaTestKit.WaitUntilAsync(async () =>
        {
            await using var db = AgendaTestKit.Context(host.Database, kit.Workspace.Workspace.Id);
            return await db.WebhookDeliveries.AnyAsync(d => d.Status == WebhookDeliveryStatus.Delivered && d.Attempts == 2, Ct);
        }, "the delivery recorded as delivered");
    }

    [Fact]
    public async Task WeeklyCap_ThirdEmailOfTheWeek_IsDeferredUntilTheFirstIsAWeekOld_OrSuppressedWhenSoSet()
    {
        host.RequireSink();
        var kit = await CreateAsync(host);
        await kit.RulesAsync(MessageChannel.Email, maxPerWeek: 2);
        var template = await kit.TemplateAsync(MessageChannel.Email, WelcomeFr);
        var person = await kit.PersonAsync("Chloé");

        var first = await kit.SendAsync(person, template);
        await kit.SettledAsync();
        await kit.AdvanceAsync(TimeSpan.FromHours(1));
        await kit.SendAsync(person, template);
        await kit.SettledAsync();
        await kit.AdvanceAsync(TimeSpan.FromHours(1));
        var third = await kit.SendAsync(person, template);
        await kit.SettledAsync();

        var deferred = (await kit.TimelineAsync(person)).Single(m => m.Id == third.MessageId);
        var firstSent = (await kit.MessageAsync(first.MessageId)).SentAt!.Value;
        Assert.Equal((MessageStatus.Deferred, nameof(SolicitationReason.WeeklyCap)), (deferred.Status, deferred.Reason));
        Assert.Equal(firstSent.AddDays(7), deferred.DeferredUntil);

        await kit.RulesAsync(MessageChannel.Email, maxPerWeek: 2, overCap: CapOverflow.Suppress);
        var fourth = await kit.SendAsync(person, template);
        await kit.SettledAsync();
        var suppressed = (await kit.TimelineAsync(person)).Single(m => m.Id == fourth.MessageId);
        Assert.Equal((MessageStatus.Suppressed, nameof(SolicitationReason.WeeklyCap)), (suppressed.Status, suppressed.Reason));
    }

    [Fact]
    public async Task QuietHours_DeferToTheNextAllowedLocalTime_ThenTheMessageGoesOut()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        await kit.RulesAsync(MessageChannel.Email, quietStart: new TimeOnly(21, 0), quietEnd: new TimeOnly(8, 0));
        var template = await kit.TemplateAsync(MessageChannel.Email, WelcomeFr);
        var person = await kit.PersonAsync("Inès");
        await kit.AdvanceToParisAsync(new TimeOnly(22, 30));
        var paris = LocalTime.Zone("Europe/Paris");
        var expected = LocalTime.DayAt(host.Clock.GetUtcNow(), 1, new TimeOnly(8, 0), paris).UtcDateTime;

        var sent = await kit.SendAsync(person, template);
        await kit.SettledAsync();

        var deferred = (await kit.TimelineAsync(person)).Single();
        Assert.Equal((MessageStatus.Deferred, nameof(SolicitationReason.QuietHours), expected), (deferred.Status, deferred.Reason, deferred.DeferredUntil));
        await kit.AdvanceAsync(expected - host.Clock.GetUtcNow().UtcDateTime);
        await sink.WaitForAsync(m => m.MessageId?.Contains($"{sent.MessageId:N}", StringComparison.Ordinal) == true, Wait);
        var message = await kit.MessageAsync(sent.MessageId);
        Assert.Equal((MessageStatus.Sent, expected), (message.Status, message.SentAt));
    }

    [Fact]
    public async Task InApp_QueuedForThePerson_FetchedAndMarkedRead()
    {
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.InApp, new TemplateVariantDto("fr", "Astuce", "Bonjour {{ person.first_name }}, essayez l'export.", null));
        var person = await kit.PersonAsync("Zoé");

        var sent = await kit.SendAsync(person, template);
        await kit.SettledAsync();

        var waiting = await kit.Api.GetFromJsonAsync<List<InAppMessageResponse>>($"/api/v1/people/{person}/in-app-messages", Json, Ct);
        var message = Assert.Single(waiting!);
        Assert.Equal((sent.MessageId, "Astuce", "Bonjour Zoé, essayez l'export."), (message.Id, message.Subject, message.Body));
        (await kit.Api.PostAsync($"/api/v1/people/{person}/in-app-messages/{sent.MessageId}/read", null, Ct)).EnsureSuccessStatusCode();
        Assert.Empty((await kit.Api.GetFromJsonAsync<List<InAppMessageResponse>>($"/api/v1/people/{person}/in-app-messages", Json, Ct))!);
    }

    [Fact]
    public async Task Template_UnknownVariableOrBadLiquid_IsRefusedWithAClearMessage()
    {
        var kit = await CreateAsync(host);

        var response = await kit.Api.PostAsJsonAsync("/api/v1/message-templates", new MessageTemplateRequest("bad", MessageChannel.Email,
            [new TemplateVariantDto("fr", "Bonjour {{ person.prenom }}", "<p>{% if %}</p>", null)]), Json, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("'fr' version", problem.GetProperty("errors").GetProperty("variants.fr")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_SameKeyTwice_QueuesOneMessage()
    {
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.InApp, new TemplateVariantDto("fr", "A", "B", null));
        var person = await kit.PersonAsync("Léo");

        var first = await kit.SendAsync(person, template, key: "playbook:1:step:2");
        var again = await kit.SendAsync(person, template, key: "playbook:1:step:2");

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.True(again.AlreadyQueued);
    }

    [Fact]
    public async Task Task_ForATeamMember_IsEmailedOnce_ListedAsOpen_ThenCompletedWithItsOutcome()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var person = await kit.PersonAsync("Mathis");
        var due = host.Clock.GetUtcNow().UtcDateTime.AddDays(2);

        var created = await (await kit.Api.PostAsJsonAsync("/api/v1/tasks", new
        {
            assigneeId = kit.Workspace.Admin.Id, title = "Appel de bienvenue J+2", dueAt = due, personId = person, note = "Vérifier l'installation",
            idempotencyKey = $"playbook:{person}:call-d2",
        }, Json, Ct)).AssertOkJsonAsync();
        var again = await (await kit.Api.PostAsJsonAsync("/api/v1/tasks", new
        {
            assigneeId = kit.Workspace.Admin.Id, title = "Appel de bienvenue J+2", dueAt = due, idempotencyKey = $"playbook:{person}:call-d2",
        }, Json, Ct)).AssertOkJsonAsync();
        await kit.SettledAsync();

        Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        var email = await sink.WaitForAsync(m => m.To.Contains(kit.Workspace.Admin.Email) && m.Subject == "Nouvelle tâche : Appel de bienvenue J+2", Wait);
        Assert.Contains("Vérifier l'installation", email.Text, StringComparison.Ordinal);
        var open = await (await kit.Api.GetAsync($"/api/v1/tasks?assigneeId={kit.Workspace.Admin.Id}", Ct)).AssertOkJsonAsync();
        Assert.Equal(("Mathis Test", due), (open[0].GetProperty("personName").GetString(), open[0].GetProperty("dueAt").GetDateTime()));

        var done = await (await kit.Api.PostAsJsonAsync($"/api/v1/tasks/{created.GetProperty("id").GetString()}/complete", new { outcome = "Installé, RAS" }, Json, Ct)).AssertOkJsonAsync();
        Assert.Equal(("Done", "Installé, RAS"), (done.GetProperty("status").GetString(), done.GetProperty("outcome").GetString()));
        var twice = await kit.Api.PostAsJsonAsync($"/api/v1/tasks/{created.GetProperty("id").GetString()}/complete", new { outcome = "again" }, Json, Ct);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "task_not_open");
        Assert.Equal(0, (await (await kit.Api.GetAsync("/api/v1/tasks", Ct)).AssertOkJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Cockpit_PersonPageShowsSuppressedMessagesWithTheirReason_AndTheSettingsPageTheProviders()
    {
        var kit = await CreateAsync(host);
        var template = await kit.TemplateAsync(MessageChannel.Sms, new TemplateVariantDto("fr", null, "Bonjour", null));
        var person = await kit.PersonAsync("Sacha", phone: "+33633445566", sms: false);
        await kit.SendAsync(person, template);
        await kit.SettledAsync();
        var browser = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add("X-Test-Client-Address", $"10.8.{Random.Shared.Next(255)}.{Random.Shared.Next(255)}");
        Assert.Equal(HttpStatusCode.Redirect, (await Api.LoginForm.PostAsync(browser, kit.Workspace.Admin.Email!, kit.Workspace.AdminPassword)).StatusCode);

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/people/{person}", Ct));
        var settings = WebUtility.HtmlDecode(await browser.GetStringAsync("/settings/solicitation", Ct));

        Assert.Contains("Supprimé", page, StringComparison.Ordinal);
        Assert.Contains("Pas de consentement", page, StringComparison.Ordinal);
        Assert.Contains("Règles de sollicitation", settings, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"sms-status\"[^>]*>Configuré<", settings);
    }

    private static Task<HttpResponseMessage> PostCallbackAsync(HttpClient client, Uri callback, string status, string signingToken)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = "SMx", ["MessageStatus"] = status, ["AccountSid"] = FakeProvider.AccountSid };
        var request = new HttpRequestMessage(HttpMethod.Post, callback.PathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", HttpMessagingProvider.Signature(signingToken, callback, form));
        return client.SendAsync(request, Ct);
    }

    [GeneratedRegex("""https://parcours\.test/l/[A-Za-z0-9]{40}/0""")]
    private static partial Regex TrackedLink();
}

public sealed class ChannelSqliteTests(SqliteChannelHost host) : ChannelTests<SqliteChannelHost>(host), IClassFixture<SqliteChannelHost>;

public sealed class ChannelPostgresTests(PostgresChannelHost host) : ChannelTests<PostgresChannelHost>(host), IClassFixture<PostgresChannelHost>;
