using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Journeys;
using Parcours.Server.Features.Journeys;
using Parcours.Server.Features.Tasks;
using Parcours.Testing;
using static Parcours.Server.Tests.Journeys.JourneyKit;

namespace Parcours.Server.Tests.Journeys;

/// <summary>The callback loop over the API on each database: calls recorded, closed with an outcome, and an overdue callback escalated once through the agenda on a fake clock.</summary>
public abstract class JourneyCallbackTests<THost>(THost host) where THost : ParcoursHost
{
    [Fact]
    public async Task Callback_CallsRecordedThenClosed_KeepsTheHistory_AndRefusesASecondClose()
    {
        var kit = await CreateAsync(host);
        var csm = await kit.UserAsync("Camille");
        var person = await kit.PersonAsync("Lucie");
        var answer = await kit.ResponseAsync(person, "product_in_use", 3, "Colis en retard et personne ne répond.");
        var id = await kit.CallbackAsync(answer, csm);
        Assert.Equal(CallbackState.Open, (await kit.CallbackAsync(id)).State);

        host.Clock.Advance(TimeSpan.FromHours(2));
        var first = await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{id}/attempts", new RecordAttemptRequest(false, "Messagerie", null, By: csm), Json, Ct);
        await first.AssertOkJsonAsync();
        var second = await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{id}/attempts", new RecordAttemptRequest(true, "Client joint, colis retrouvé", "Bon d'achat envoyé", By: csm), Json, Ct);
        var called = (await second.Content.ReadFromJsonAsync<CallbackItem>(Json, Ct))!;
        Assert.Equal(CallbackState.Called, called.State);
        Assert.Equal([false, true], called.Attempts.Select(a => a.Reached));
        Assert.Equal("Camille", called.Attempts[1].ByName);
        Assert.Equal(TimeSpan.FromHours(2), called.TimeToFirstCallback);

        var closed = await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{id}/close", new CloseCallbackRequest("Client satisfait"), Json, Ct);
        Assert.Equal(CallbackState.Closed, (await closed.Content.ReadFromJsonAsync<CallbackItem>(Json, Ct))!.State);
        var again = await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{id}/close", new CloseCallbackRequest("Encore"), Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var late = await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{id}/attempts", new RecordAttemptRequest(true, "Trop tard", null), Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        var open = await kit.Api.GetFromJsonAsync<List<CallbackItem>>("/api/v1/callbacks", Json, Ct);
        Assert.DoesNotContain(open!, c => c.Id == id);
        var done = await kit.Api.GetFromJsonAsync<List<CallbackItem>>("/api/v1/callbacks?status=Closed", Json, Ct);
        Assert.Equal("Client satisfait", Assert.Single(done!, c => c.Id == id).Outcome);
    }

    [Fact]
    public async Task OverdueCallback_EscalatesOnceToTheAssigneesManager_WithATask_AndACalledOneDoesNot()
    {
        var kit = await CreateAsync(host);
        var manager = await kit.UserAsync("Morgane");
        var csm = await kit.UserAsync("Camille", manager);
        var person = await kit.PersonAsync("Paul");
        var forgotten = await kit.CallbackAsync(await kit.ResponseAsync(person, "product_in_use", 2), csm);
        var called = await kit.CallbackAsync(await kit.ResponseAsync(person, "parcel_received", 1), csm);

        await kit.AdvanceAsync(TimeSpan.FromHours(47));
        (await kit.Api.PostAsJsonAsync($"/api/v1/callbacks/{called}/attempts", new RecordAttemptRequest(true, "Joint", null, By: csm), Json, Ct)).EnsureSuccessStatusCode();
        Assert.Null((await kit.CallbackAsync(forgotten)).EscalatedToId);

        await kit.AdvanceAsync(TimeSpan.FromHours(2));
        var escalated = await kit.CallbackAsync(forgotten);
        Assert.Equal((CallbackState.Overdue, manager, "Morgane"), (escalated.State, escalated.EscalatedToId!.Value, escalated.EscalatedToName!));
        Assert.Null((await kit.CallbackAsync(called)).EscalatedToId);

        await kit.AdvanceAsync(TimeSpan.FromDays(2));
        var tasks = await kit.Api.GetFromJsonAsync<List<TaskResponse>>($"/api/v1/tasks?assigneeId={manager}", Json, Ct);
        var task = Assert.Single(tasks!);
        Assert.StartsWith("Rappel en retard : Paul Client", task.Title, StringComparison.Ordinal);
        var inbox = await kit.Api.GetFromJsonAsync<List<CallbackItem>>($"/api/v1/callbacks?assigneeId={manager}&status=Overdue", Json, Ct);
        Assert.Equal(forgotten, Assert.Single(inbox!).Id);
    }

    [Fact]
    public async Task OverdueCallback_OfAnAssigneeWithoutManager_IsParkedForTheAdmins()
    {
        var kit = await CreateAsync(host);
        var csm = await kit.UserAsync("Solo");
        var id = await kit.CallbackAsync(await kit.ResponseAsync(await kit.PersonAsync("Jean"), "product_in_use", 0), csm);

        await kit.AdvanceAsync(TimeSpan.FromHours(49));

        Assert.Null((await kit.CallbackAsync(id)).EscalatedToId);
        await using var db = kit.Db();
        Assert.True(await db.AgendaItems.AnyAsync(i => i.Kind == CallbackCommands.DeadlineKind && i.Status == Infrastructure.Agenda.AgendaStatus.Parked, Ct));
    }
}

public sealed class JourneyCallbackSqliteTests(SqliteHost host) : JourneyCallbackTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class JourneyCallbackPostgresTests(PostgresHost host) : JourneyCallbackTests<PostgresHost>(host), IClassFixture<PostgresHost>;
