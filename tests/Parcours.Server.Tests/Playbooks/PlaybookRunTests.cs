using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Playbooks;
using Parcours.Server.Features.Tasks;
using Parcours.Server.Tests.Messaging;
using Parcours.Testing;
using static Parcours.Server.Tests.Messaging.ChannelKit;

namespace Parcours.Server.Tests.Playbooks;

/// <summary>
/// The SaaS playbook end to end on each database, on a fake clock moved day by day through sixty days: enrolled by a
/// usage event, emails arriving at a real SMTP server, the CSM's tasks created and completed through the API, the login
/// check deciding from an event, milestones reached by events and tasks, and nothing sent twice.
/// </summary>
public abstract class PlaybookRunTests<THost>(THost host) where THost : ChannelHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SaasPlaybook_EnrolledByOrderEvent_RunsSixtyDays_SendsEachStepOnce_AndOnboardsWhenTheReviewIsDone()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/saas_customer", null, Ct)).EnsureSuccessStatusCode();
        var (writeKey, _) = await Tracking.CreateWriteKeyAsync(kit.Workspace);
        var tracker = host.App.CreateClient();
        var email = $"ada-{Guid.NewGuid():N}@acme.test";
        await TrackAsync(tracker, writeKey, $$$"""
            {"type":"identify","userId":"ada","traits":{"firstName":"Ada","lastName":"Lovelace","email":"{{{email}}}"}},
            {"type":"group","userId":"ada","groupId":"acme","traits":{"name":"Acme Industries"}},
            {"type":"track","userId":"ada","groupId":"acme","event":"order_completed"}
            """);
        await kit.SettledAsync();

        var enrolment = Assert.Single(await ListAsync(kit));
        Assert.Equal(("Acme Industries", "Ada Lovelace", "event"), (enrolment.AccountName, enrolment.PersonName, (await TimelineAsync(kit, enrolment.Id)).Source));
        var confirmation = await sink.WaitForAsync(m => m.To.Contains(email) && m.Subject == "Merci pour votre commande, Ada !", Wait);
        Assert.Contains("La commande de Acme Industries est confirmée", confirmation.Text, StringComparison.Ordinal);

        for (var day = 1; day <= 60; day++)
        {
            await kit.AdvanceAsync(TimeSpan.FromDays(1));
            if (day == 3)
            {
                await TrackAsync(tracker, writeKey, """{"type":"track","userId":"ada","event":"logged_in"}""");
            }

            if (day == 6)
            {
                await TrackAsync(tracker, writeKey, """{"type":"track","userId":"ada","groupId":"acme","event":"integration_configured"}""");
            }

            await CompleteDueTasksAsync(kit);
            await kit.SettledAsync();
        }

        var timeline = await TimelineAsync(kit, enrolment.Id);
        StepView(timeline, "order_confirmation", StepState.Done, "sent");
        StepView(timeline, "csm_call", StepState.Done, "task done");
        StepView(timeline, "login_check", StepState.Done, null);
        StepView(timeline, "relaunch_email", StepState.Skipped, null);
        StepView(timeline, "technical_setup", StepState.Done, null);
        StepView(timeline, "training", StepState.Done, null);
        StepView(timeline, "onboarded", StepState.Done, null);
        // Nobody imported data: the migration milestone is late, and that is what the enrolment shows.
        StepView(timeline, "migration", StepState.Late, null);
        Assert.NotNull(timeline.OnboardedAt);

        var sentSeries = timeline.Steps.Where(s => s.StepKey == "welcome_series" && s.Outcome == "sent").ToList();
        Assert.Equal(8, sentSeries.Count);
        var arrived = sink.Received.Where(m => m.To.Contains(email)).ToList();
        Assert.Equal(arrived.Count, arrived.Select(m => m.MessageId).Distinct().Count());
        // Order confirmation, first steps and the eight welcome messages; the relaunch was not needed.
        Assert.Equal(10, arrived.Count);
    }

    [Fact]
    public async Task Enrolment_PausedThenResumed_SendsWhatFellDueMeanwhile_AndCancelStopsIt()
    {
        host.RequireSink();
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/new_employee", null, Ct)).EnsureSuccessStatusCode();
        var person = await kit.PersonAsync("Jules");
        // The new employee starts in two days: nothing is due before then.
        var firstDay = host.Clock.GetUtcNow().UtcDateTime.AddDays(2);
        var enrolled = await kit.Api.PostAsJsonAsync("/api/v1/playbooks/new_employee/enrolments", new EnrolRequest(person, null, firstDay), Json, Ct);
        await enrolled.AssertOkJsonAsync();
        var view = (await enrolled.Content.ReadFromJsonAsync<EnrolmentView>(Json, Ct))!;
        Assert.Equal(EnrolmentState.Running, view.State);

        var again = await kit.Api.PostAsJsonAsync("/api/v1/playbooks/new_employee/enrolments", new EnrolRequest(person, null), Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        (await kit.Api.PostAsync($"/api/v1/enrolments/{view.Id}/pause", null, Ct)).EnsureSuccessStatusCode();
        await kit.AdvanceAsync(TimeSpan.FromDays(3));
        var paused = await TimelineAsync(kit, view.Id);
        Assert.DoesNotContain(paused.Steps, s => s.Outcome is "sent" or "queued" or "task open");

        (await kit.Api.PostAsync($"/api/v1/enrolments/{view.Id}/resume", null, Ct)).EnsureSuccessStatusCode();
        await kit.SettledAsync();
        var resumed = await TimelineAsync(kit, view.Id);
        Assert.Contains(resumed.Steps, s => s.Outcome is "task open");
        var tasks = await kit.Api.GetFromJsonAsync<List<TaskResponse>>("/api/v1/tasks?open=true", Json, Ct);
        Assert.Contains(tasks!, t => t.Title == "Préparer le poste de Jules");

        (await kit.Api.PostAsync($"/api/v1/enrolments/{view.Id}/cancel", null, Ct)).EnsureSuccessStatusCode();
        var before = (await TimelineAsync(kit, view.Id)).Steps.Count(s => s.Outcome is not null);
        await kit.AdvanceAsync(TimeSpan.FromDays(10));
        var cancelled = await TimelineAsync(kit, view.Id);
        Assert.Equal(EnrolmentState.Cancelled, cancelled.State);
        Assert.Equal(before, cancelled.Steps.Count(s => s.Outcome is not null));
    }

    [Fact]
    public async Task AccountChurned_EndsItsOnboarding_ByTheExitCondition_AndNothingMoreIsDone()
    {
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/saas_customer", null, Ct)).EnsureSuccessStatusCode();
        var account = await (await kit.Api.PostAsJsonAsync("/api/v1/accounts", new { name = $"Churny {Guid.NewGuid():N}" }, Json, Ct)).AssertOkJsonAsync(HttpStatusCode.Created);
        var accountId = Guid.Parse(account.GetProperty("id").GetString()!);
        var enrolled = await kit.Api.PostAsJsonAsync("/api/v1/playbooks/saas_customer/enrolments", new EnrolRequest(null, accountId), Json, Ct);
        await enrolled.AssertOkJsonAsync();
        var view = (await enrolled.Content.ReadFromJsonAsync<EnrolmentView>(Json, Ct))!;
        await kit.AdvanceAsync(TimeSpan.FromDays(1));

        var churn = await kit.Api.PostAsJsonAsync($"/api/v1/accounts/{accountId}/churn",
            new { churnedOn = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = "Price" }, Json, Ct);
        await churn.AssertOkJsonAsync();
        await kit.SettledAsync();
        await kit.AdvanceAsync(TimeSpan.FromDays(10));

        var ended = await TimelineAsync(kit, view.Id);
        Assert.Equal((EnrolmentState.Finished, EnrolmentStatus.Exited), (ended.State, ended.Progress));
        Assert.DoesNotContain(ended.Steps, s => s.State is StepState.Due or StepState.Upcoming);
        Assert.Contains(ended.Steps, s => s.State == StepState.Exited);
    }

    [Fact]
    public async Task CsvEnrolment_IsAllOrNothing_WithAReportPerRow()
    {
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/new_employee", null, Ct)).EnsureSuccessStatusCode();
        var first = $"a-{Guid.NewGuid():N}@corp.test";
        var second = $"b-{Guid.NewGuid():N}@corp.test";
        await kit.PersonAsync("Anna", email: first);
        await kit.PersonAsync("Basile", email: second);
        var nextWeek = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime.AddDays(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await PostCsvAsync(kit, $"email;start_date\n{first};{nextWeek}\nnobody@corp.test;\n{second};31/12/2026\n");
        Assert.False(refused.Enrolled);
        Assert.Equal((3, 2), (refused.Rows, refused.Problems));
        Assert.Contains(refused.Lines, l => l.Row == 3 && l.Problem == "No person with this email.");
        Assert.Contains(refused.Lines, l => l.Row == 4 && l.Problem!.Contains("yyyy-MM-dd", StringComparison.Ordinal));
        Assert.Empty(await ListAsync(kit));

        var accepted = await PostCsvAsync(kit, $"email;start_date\n{first};{nextWeek}\n{second};\n");
        Assert.True(accepted.Enrolled);
        Assert.All(accepted.Lines, l => Assert.NotNull(l.EnrolmentId));
        var enrolments = await ListAsync(kit);
        Assert.Equal(2, enrolments.Count);
        Assert.Contains(enrolments, e => e.EnrolledAt.Date == DateTime.Parse(nextWeek, System.Globalization.CultureInfo.InvariantCulture).Date);
    }

    private static async Task<CsvEnrolmentReport> PostCsvAsync(ChannelKit kit, string csv)
    {
        var response = await kit.Api.PostAsync("/api/v1/playbooks/new_employee/enrolments/csv", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct);
        await response.AssertOkJsonAsync();
        return (await response.Content.ReadFromJsonAsync<CsvEnrolmentReport>(Json, Ct))!;
    }

    [Fact]
    public async Task TestSend_MailsTheStepAsThePersonWouldGetIt_ToTheSignedInUser()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/new_employee", null, Ct)).EnsureSuccessStatusCode();
        var person = await kit.PersonAsync("Hélène");
        await using var db = Agenda.AgendaTestKit.Context(host.Database, kit.Workspace.Workspace.Id);
        using var scope = host.Services.CreateScope();
        var preview = scope.ServiceProvider.GetRequiredService<PlaybookPreview>();
        var welcome = BuiltInPlaybooks.NewEmployee.Steps.OfType<SendMessageStep>().First(s => s.Channel == Domain.Playbooks.MessageChannel.Email);

        var sent = await preview.TestSendAsync(db, welcome, person, kit.Workspace.Admin.Id, Ct);

        Assert.Equal(kit.Workspace.Admin.Email, sent.Value);
        var email = await sink.WaitForAsync(m => m.To.Contains(kit.Workspace.Admin.Email!) && m.Subject!.StartsWith("[Test] ", StringComparison.Ordinal), Wait);
        Assert.Contains("Hélène", email.Subject, StringComparison.Ordinal);
        var task = BuiltInPlaybooks.NewEmployee.Steps.OfType<CreateTaskStep>().First();
        Assert.Equal("not_an_email", (await preview.TestSendAsync(db, task, person, kit.Workspace.Admin.Id, Ct)).Error!.Code);
    }

    [Fact]
    public async Task NewVersion_LeavesRunningEnrolmentsOnTheirs_UntilOneIsMigrated()
    {
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/new_employee", null, Ct)).EnsureSuccessStatusCode();
        var person = await kit.PersonAsync("Inès");
        var enrolled = await kit.Api.PostAsJsonAsync("/api/v1/playbooks/new_employee/enrolments", new EnrolRequest(person, null), Json, Ct);
        var view = (await enrolled.Content.ReadFromJsonAsync<EnrolmentView>(Json, Ct))!;

        (await kit.Api.PostAsync("/api/v1/playbooks/new_employee/revise", null, Ct)).EnsureSuccessStatusCode();
        var extra = new CreateTaskStep("parking_badge", StepTiming.Day(0), AssigneeRole.Hr, new LocalizedText("Badge de parking", "Parking badge"));
        var v2 = BuiltInPlaybooks.NewEmployee with { Steps = [.. BuiltInPlaybooks.NewEmployee.Steps, extra], Status = PlaybookStatus.Draft };
        (await kit.Api.PutAsync("/api/v1/playbooks/new_employee/draft", new StringContent(PlaybookJson.Serialize(v2), System.Text.Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        (await kit.Api.PostAsync("/api/v1/playbooks/new_employee/publish", null, Ct)).EnsureSuccessStatusCode();
        await kit.SettledAsync();

        var kept = await TimelineAsync(kit, view.Id);
        Assert.Equal(1, kept.Version);
        Assert.DoesNotContain(kept.Steps, s => s.Key == "parking_badge");

        var migrated = await kit.Api.PostAsJsonAsync($"/api/v1/enrolments/{view.Id}/migrate", new MigrateRequest(2), Json, Ct);
        await migrated.AssertOkJsonAsync();
        await kit.SettledAsync();
        var moved = await TimelineAsync(kit, view.Id);
        Assert.Equal(2, moved.Version);
        Assert.Equal("task open", moved.Steps.Single(s => s.Key == "parking_badge").Outcome);
        // What was done under version 1 stays done.
        Assert.Equal(kept.Steps.Single(s => s.Key == "welcome_email").Outcome, moved.Steps.Single(s => s.Key == "welcome_email").Outcome);
        Assert.Equal(HttpStatusCode.BadRequest, (await kit.Api.PostAsJsonAsync($"/api/v1/enrolments/{view.Id}/migrate", new MigrateRequest(9), Json, Ct)).StatusCode);
    }

    [Fact]
    public async Task Playbook_WithABrokenTemplate_IsRefusedAtPublication_WithTheStepNamed()
    {
        var kit = await CreateAsync(host);
        var broken = BuiltInPlaybooks.NewEmployee with { Key = "broken_one", Status = PlaybookStatus.Draft };
        var first = (SendMessageStep)broken.Steps.First(s => s is SendMessageStep);
        broken = broken with { Steps = [.. broken.Steps.Select(s => s == first ? first with { Body = new LocalizedText("Bonjour {% if %}", "Hello") } : s)] };
        var created = await kit.Api.PostAsync("/api/v1/playbooks", new StringContent(PlaybookJson.Serialize(broken), System.Text.Encoding.UTF8, "application/json"), Ct);
        created.EnsureSuccessStatusCode();

        var published = await kit.Api.PostAsync("/api/v1/playbooks/broken_one/publish", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Contains($"Step '{first.Key}'", await published.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static void StepView(EnrolmentView view, string key, StepState state, string? outcome)
    {
        var step = view.Steps.Single(s => s.Key == key);
        Assert.True(step.State == state && (outcome is null || step.Outcome == outcome), $"{key}: {step.State} / {step.Outcome} ({step.Detail}), expected {state} / {outcome}");
    }

    private static async Task TrackAsync(HttpClient tracker, string writeKey, string messages)
    {
        var response = await Tracking.PostAsync(tracker, "/v1/batch", $$"""{"batch":[{{messages}}]}""", writeKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task CompleteDueTasksAsync(ChannelKit kit)
    {
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var open = await kit.Api.GetFromJsonAsync<List<TaskResponse>>("/api/v1/tasks?open=true", Json, Ct);
        foreach (var task in open!.Where(t => t.DueAt <= now))
        {
            (await kit.Api.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new CompleteTaskRequest("Done with the customer"), Json, Ct)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<List<EnrolmentListItem>> ListAsync(ChannelKit kit) =>
        (await kit.Api.GetFromJsonAsync<List<EnrolmentListItem>>("/api/v1/enrolments", Json, Ct))!;

    private static async Task<EnrolmentView> TimelineAsync(ChannelKit kit, Guid id) =>
        (await kit.Api.GetFromJsonAsync<EnrolmentView>($"/api/v1/enrolments/{id}", Json, Ct))!;
}

public sealed class PlaybookRunSqliteTests(SqliteChannelHost host) : PlaybookRunTests<SqliteChannelHost>(host), IClassFixture<SqliteChannelHost>;

public sealed class PlaybookRunPostgresTests(PostgresChannelHost host) : PlaybookRunTests<PostgresChannelHost>(host), IClassFixture<PostgresChannelHost>;
