using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Journeys;
using Parcours.Server.Tests.Agenda;
using Parcours.Testing;

namespace Parcours.Server.Tests.Journeys;

/// <summary>Builders for the journey tests: a workspace with the e-commerce journey, people, responses and callbacks stored as the survey runtime stores them.</summary>
public sealed class JourneyKit(ParcoursHost host, TestWorkspace workspace)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Api { get; } = workspace.Api();

    public TestWorkspace Workspace => workspace;

    public WorkspaceId Id => workspace.Workspace.Id;

    public static async Task<JourneyKit> CreateAsync(ParcoursHost host, bool install = true)
    {
        var kit = new JourneyKit(host, await TestWorkspace.CreateAsync(host));
        if (install)
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(kit.Id);
            var catalog = scope.ServiceProvider.GetRequiredService<Parcours.Server.Features.Surveys.SurveyCatalog>();
            var installed = await catalog.InstallAsync(scope.ServiceProvider.GetRequiredService<ParcoursDbContext>(), "ecommerce", active: true, Ct);
            Assert.True(installed.IsSuccess);
        }

        return kit;
    }

    public ParcoursDbContext Db() => AgendaTestKit.Context(host.Database, Id);

    public async Task<Guid> PersonAsync(string firstName, string lastName = "Client")
    {
        var response = await Api.PostJsonAsync("/api/v1/people", new { firstName, lastName, email = $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@client.test" });
        return (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public async Task<Guid> AccountAsync(string name, string segment, Guid person)
    {
        var response = await Api.PostJsonAsync("/api/v1/accounts", new { name, segment, plan = "Pro" });
        var id = (await response.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Api.PutAsJsonAsync($"/api/v1/accounts/{id}/stakeholders/{person}", new { role = "EndUser" }, Json, Ct)).AssertOkJsonAsync();
        return id;
    }

    /// <summary>A team member, optionally under a manager.</summary>
    public async Task<Guid> UserAsync(string name, Guid? manager = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(Id);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            Id = Guid.NewGuid(), WorkspaceId = Id, UserName = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@test.parcours", Email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@test.parcours",
            DisplayName = name, ManagerId = manager, CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Csm);
        return user.Id;
    }

    /// <summary>A response to a point of the e-commerce journey with its invitation, stored as the survey runtime does.</summary>
    public async Task<SurveyResponseRow> ResponseAsync(
        Guid person, string pointKey, int score, string? verbatim = null, SurveyChannel channel = SurveyChannel.Email, string? segment = null, string? product = null,
        DateTimeOffset? at = null, Guid? account = null, bool consent = false)
    {
        var point = BuiltInJourneys.ECommerce.Journey.Point(pointKey)!;
        var survey = BuiltInJourneys.ECommerce.Surveys.Single(s => s.Key == point.SurveyKey);
        var headline = (ScoreQuestion)survey.Headline!;
        var when = at ?? host.Clock.GetUtcNow();
        await using var db = Db();
        var invitation = new SurveyInvitation
        {
            WorkspaceId = Id, Id = Guid.NewGuid(), JourneyKey = "ecommerce", StageKey = point.StageKey, PointKey = pointKey, SurveyKey = survey.Key, PersonId = new PersonId(person),
            AccountId = account is { } a ? new AccountId(a) : null, Channel = channel, IdempotencyKey = $"test:{Guid.NewGuid():N}", Status = InvitationStatus.Answered,
            InvitedAt = when.UtcDateTime.AddMinutes(-30), DueAt = when.UtcDateTime.AddMinutes(-30), ExpiresAt = when.UtcDateTime.AddDays(7), AnsweredAt = when.UtcDateTime,
        };
        var row = new SurveyResponseRow
        {
            WorkspaceId = Id, Id = Guid.NewGuid(), InvitationId = invitation.Id, PersonId = new PersonId(person), AccountId = invitation.AccountId, JourneyKey = "ecommerce",
            StageKey = point.StageKey, PointKey = pointKey, SurveyKey = survey.Key, Channel = channel, Segment = segment, Product = product,
            Answers = JsonSerializer.Serialize<IReadOnlyList<QuestionAnswer>>([new ScoreAnswer(headline.Key, score, verbatim)], Json), HeadlineMeasure = headline.Measure,
            HeadlineScore = score, Verbatim = verbatim, TestimonialConsent = consent, AnsweredAt = when.UtcDateTime, UpdatedAt = when.UtcDateTime,
        };
        db.SurveyInvitations.Add(invitation);
        db.SurveyResponses.Add(row);
        await db.SaveChangesAsync(Ct);
        return row;
    }

    /// <summary>The callback a detractor's answer opens, with its deadline on the agenda, as the runtime opens it.</summary>
    public async Task<Guid> CallbackAsync(SurveyResponseRow response, Guid assignee)
    {
        var opened = new DateTimeOffset(DateTime.SpecifyKind(response.AnsweredAt, DateTimeKind.Utc));
        var row = new CallbackRow
        {
            WorkspaceId = Id, Id = Guid.NewGuid(), ResponseId = response.Id, PersonId = response.PersonId, AccountId = response.AccountId, JourneyKey = response.JourneyKey,
            PointKey = response.PointKey, AssigneeId = assignee, OpenedAt = opened.UtcDateTime, DueAt = opened.UtcDateTime.AddHours(48),
            Reasons = CallbackRows.ReasonsText([CallbackReason.Detractor]),
        };
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(Id);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        db.Callbacks.Add(row);
        await db.SaveChangesAsync(Ct);
        Assert.True((await scope.ServiceProvider.GetRequiredService<CallbackCommands>().ScheduleDeadlineAsync(db, row, Ct)).IsSuccess);
        return row.Id;
    }

    public async Task<CallbackItem> CallbackAsync(Guid id) => (await Api.GetFromJsonAsync<CallbackItem>($"/api/v1/callbacks/{id}", Json, Ct))!;

    public Task SettledAsync() => AgendaTestKit.SettledAsync(host.Database, Id, host.Clock);

    public async Task AdvanceAsync(TimeSpan by)
    {
        host.Clock.Advance(by);
        await SettledAsync();
    }
}
