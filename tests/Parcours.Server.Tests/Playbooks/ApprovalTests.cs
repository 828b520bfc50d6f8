using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Parcours.Domain.Approvals;
using Parcours.Server.Features.Approvals;
using Parcours.Server.Features.Tasks;
using Parcours.Server.Tests.Messaging;
using Parcours.Testing;
using static Parcours.Server.Tests.Messaging.ChannelKit;

namespace Parcours.Server.Tests.Playbooks;

/// <summary>
/// Approval requests end to end on a fake clock with a real SMTP server: the first contact is asked and reminded, the
/// silence passes the request to the next contact, who answers on the page of the email (no JavaScript), and the CSM
/// gets a task with the comment; when nobody answers at all, the CSM gets the request.
/// </summary>
public abstract partial class ApprovalTests<THost>(THost host) where THost : ChannelHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Silence_PassesToTheNextContact_WhoAsksForChanges_AndTheCsmGetsATaskWithTheComment()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var (account, first, second) = await AccountWithTwoContactsAsync(kit);
        var created = await kit.Api.PostAsJsonAsync("/api/v1/approvals",
            new CreateApprovalRequest(account, "Cadre de pilotage", "Comité mensuel, validation sous 72 h.", [first.Id, second.Id]), Json, Ct);
        await created.AssertOkJsonAsync();
        var approval = (await created.Content.ReadFromJsonAsync<ApprovalView>(Json, Ct))!;
        await kit.SettledAsync();
        var ask = await sink.WaitForAsync(m => m.To.Contains(first.Email) && m.Subject == "Validation attendue : Cadre de pilotage", Wait);
        Assert.Contains("/r/", ask.Html, StringComparison.Ordinal);

        await kit.AdvanceAsync(TimeSpan.FromHours(48));
        await sink.WaitForAsync(m => m.To.Contains(first.Email) && m.Subject!.StartsWith("Rappel", StringComparison.Ordinal), Wait);
        await kit.AdvanceAsync(TimeSpan.FromHours(24));
        var passed = await sink.WaitForAsync(m => m.To.Contains(second.Email) && m.Subject == "Validation attendue : Cadre de pilotage", Wait);

        var page = RespondLink().Match(passed.Html!).Value;
        var anonymous = host.App.CreateClient();
        var shown = await anonymous.GetStringAsync(new Uri(page).PathAndQuery, Ct);
        Assert.Contains("Je valide", shown, StringComparison.Ordinal);
        var empty = await anonymous.PostAsync(new Uri(page).PathAndQuery, new FormUrlEncodedContent([new("decision", "comment"), new("comment", "")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var answered = await anonymous.PostAsync(new Uri(page).PathAndQuery, new FormUrlEncodedContent([new("decision", "comment"), new("comment", "Reporting trimestriel plutôt")]), Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var view = (await kit.Api.GetFromJsonAsync<ApprovalView>($"/api/v1/approvals/{approval.Id}", Json, Ct))!;
        Assert.Equal((ApprovalStatus.ChangesRequested, "Reporting trimestriel plutôt", "Louise Test"), (view.Status, view.Comment, view.DecidedByName));
        Assert.Contains(view.History, h => h.What.StartsWith("No answer from Marc Test: passed to Louise Test", StringComparison.Ordinal));
        var tasks = (await kit.Api.GetFromJsonAsync<List<TaskResponse>>("/api/v1/tasks?open=true", Json, Ct))!;
        Assert.Contains(tasks, t => t.Title == "Modifications demandées : « Cadre de pilotage »" && t.Note!.Contains("Reporting trimestriel", StringComparison.Ordinal));

        // Answering twice is refused; the page says it was answered.
        var again = await anonymous.PostAsync(new Uri(page).PathAndQuery, new FormUrlEncodedContent([new("decision", "approve")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task NobodyAnswers_TheCsmGetsTheRequest_AndALateApprovalIsStillTaken()
    {
        var sink = host.RequireSink();
        var kit = await CreateAsync(host);
        var (account, first, _) = await AccountWithTwoContactsAsync(kit);
        var created = await kit.Api.PostAsJsonAsync("/api/v1/approvals", new CreateApprovalRequest(account, "Plan de déploiement", null, [first.Id], 24, 0), Json, Ct);
        var approval = (await created.Content.ReadFromJsonAsync<ApprovalView>(Json, Ct))!;
        await kit.SettledAsync();
        var ask = await sink.WaitForAsync(m => m.To.Contains(first.Email) && m.Subject == "Validation attendue : Plan de déploiement", Wait);

        await kit.AdvanceAsync(TimeSpan.FromHours(25));
        var escalated = (await kit.Api.GetFromJsonAsync<ApprovalView>($"/api/v1/approvals/{approval.Id}", Json, Ct))!;
        Assert.Equal(ApprovalStatus.EscalatedToCsm, escalated.Status);
        var tasks = (await kit.Api.GetFromJsonAsync<List<TaskResponse>>("/api/v1/tasks?open=true", Json, Ct))!;
        Assert.Contains(tasks, t => t.Title == "Sans réponse : « Plan de déploiement »");

        var page = new Uri(RespondLink().Match(ask.Html!).Value).PathAndQuery;
        var late = await host.App.CreateClient().PostAsync(page, new FormUrlEncodedContent([new("decision", "approve")]), Ct);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(ApprovalStatus.Approved, (await kit.Api.GetFromJsonAsync<ApprovalView>($"/api/v1/approvals/{approval.Id}", Json, Ct))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.App.CreateClient().GetAsync("/r/not-a-real-token-0123456789abcdef", Ct)).StatusCode);
    }

    [Fact]
    public async Task Create_WithNoContactOrAnImpossibleDelay_IsRefusedWithEveryProblem()
    {
        var kit = await CreateAsync(host);
        var (account, _, _) = await AccountWithTwoContactsAsync(kit);

        var response = await kit.Api.PostAsJsonAsync("/api/v1/approvals", new CreateApprovalRequest(account, "X", null, [], 0, 5), Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("1 to 1440 hours", body, StringComparison.Ordinal);
        Assert.Contains("1 to 5 contacts", body, StringComparison.Ordinal);
    }

    private static async Task<(Guid Account, (Guid Id, string Email) First, (Guid Id, string Email) Second)> AccountWithTwoContactsAsync(ChannelKit kit)
    {
        var account = await (await kit.Api.PostAsJsonAsync("/api/v1/accounts", new { name = $"Acme {Guid.NewGuid():N}" }, Json, Ct)).AssertOkJsonAsync(HttpStatusCode.Created);
        var firstEmail = $"marc-{Guid.NewGuid():N}@acme.test";
        var secondEmail = $"louise-{Guid.NewGuid():N}@acme.test";
        var first = await kit.PersonAsync("Marc", email: firstEmail);
        var second = await kit.PersonAsync("Louise", email: secondEmail);
        return (Guid.Parse(account.GetProperty("id").GetString()!), (first, firstEmail), (second, secondEmail));
    }

    [GeneratedRegex(@"https?://[^""<\s]+/r/[A-Za-z0-9]+")]
    private static partial Regex RespondLink();
}

public sealed class ApprovalSqliteTests(SqliteChannelHost host) : ApprovalTests<SqliteChannelHost>(host), IClassFixture<SqliteChannelHost>;

public sealed class ApprovalPostgresTests(PostgresChannelHost host) : ApprovalTests<PostgresChannelHost>(host), IClassFixture<PostgresChannelHost>;
