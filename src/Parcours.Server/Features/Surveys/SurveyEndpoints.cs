using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Surveys;

/// <summary>A trigger event of some point (<c>survey.trigger</c>, from ingestion): invites its person at each point it triggers.</summary>
public sealed class SurveyTriggerHandler(ParcoursDbContext db, SurveyInvitations invitations) : IAgendaHandler
{
    public string Kind => SurveyInvitations.TriggerKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        await invitations.TriggerAsync(db, JourneyEventReactor.Read(work.Payload ?? ""), ct);
        return AgendaResult.Done;
    }
}

/// <summary>The one reminder of an invitation (subject = invitation id).</summary>
public sealed class SurveyReminderHandler(ParcoursDbContext db, SurveyInvitations invitations) : IAgendaHandler
{
    public string Kind => SurveyInvitations.RemindKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id))
        {
            return AgendaResult.Park($"'{work.SubjectId}' is not an invitation id.");
        }

        await invitations.RemindAsync(db, id, ct);
        return AgendaResult.Done;
    }
}

/// <summary>The end of an invitation's answer period (subject = invitation id).</summary>
public sealed class SurveyExpiryHandler(ParcoursDbContext db, SurveyInvitations invitations) : IAgendaHandler
{
    public string Kind => SurveyInvitations.ExpireKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id))
        {
            return AgendaResult.Park($"'{work.SubjectId}' is not an invitation id.");
        }

        await invitations.ExpireAsync(db, id, ct);
        return AgendaResult.Done;
    }
}

public static class SurveySetup
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddSingleton<JourneyTriggerNames>();
        services.AddScoped<IEventReactor, JourneyEventReactor>();
        services.AddScoped<SurveyCatalog>();
        services.AddScoped<SurveyInvitations>();
        services.AddScoped<SurveyResponses>();
        services.AddAgendaHandler<SurveyTriggerHandler>();
        services.AddAgendaHandler<SurveyReminderHandler>();
        services.AddAgendaHandler<SurveyExpiryHandler>();
        return services;
    }

    public static void MapSurveys(this RouteGroupBuilder api)
    {
        var surveys = api.MapGroup("/surveys").WithTags("Surveys");
        surveys.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => SurveyCatalog.ListSurveysAsync(db, ct))
            .WithSummary("The workspace's surveys with their definitions.");
        surveys.MapGet("/{key}", async Task<Results<Ok<SurveyDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await SurveyCatalog.GetSurveyAsync(db, key, ct)))
            .WithSummary("A survey by key.");
        surveys.MapPost("/", async Task<Results<Ok<SurveyDto>, ProblemHttpResult>> (JsonElement body, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                SurveyJson.Deserialize(body.GetRawText()) is { IsSuccess: true } read ? Problems.Reply(await catalog.SaveSurveyAsync(db, read.Value, ct)) : Problems.From(SurveyJson.Deserialize(body.GetRawText()).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Create or replace a survey from its JSON definition; every problem is listed with its path.");
        surveys.MapPut("/{key}", async Task<Results<Ok<SurveyDto>, ProblemHttpResult>> (string key, JsonElement body, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                ReadKeyed(body, key, SurveyJson.Deserialize, s => s.Key) is { IsSuccess: true } read ? Problems.Reply(await catalog.SaveSurveyAsync(db, read.Value, ct)) : Problems.From(ReadKeyed(body, key, SurveyJson.Deserialize, s => s.Key).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Create or replace the survey of this key.");

        var journeys = api.MapGroup("/journeys").WithTags("Surveys");
        journeys.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => SurveyCatalog.ListJourneysAsync(db, ct))
            .WithSummary("The workspace's journeys, active or not, with their definitions.");
        journeys.MapGet("/built-in", () => SurveyCatalog.BuiltIns())
            .WithSummary("The journeys Parcours ships (e-commerce, B2B SaaS), in French and English, with their surveys.");
        journeys.MapPost("/built-in/{key}", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (string key, bool? active, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                Problems.Reply(await catalog.InstallAsync(db, key, active ?? true, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Install a built-in journey with its surveys (active unless ?active=false).");
        journeys.MapGet("/{key}", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await SurveyCatalog.GetJourneyAsync(db, key, ct)))
            .WithSummary("A journey by key.");
        journeys.MapPost("/", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (JsonElement body, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                JourneyJson.Deserialize(body.GetRawText()) is { IsSuccess: true } read ? Problems.Reply(await catalog.SaveJourneyAsync(db, read.Value, ct)) : Problems.From(JourneyJson.Deserialize(body.GetRawText()).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Create or replace a journey from its JSON definition (new ones start inactive); every problem is listed with its path.");
        journeys.MapPut("/{key}", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (string key, JsonElement body, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                ReadKeyed(body, key, JourneyJson.Deserialize, j => j.Key) is { IsSuccess: true } read ? Problems.Reply(await catalog.SaveJourneyAsync(db, read.Value, ct)) : Problems.From(ReadKeyed(body, key, JourneyJson.Deserialize, j => j.Key).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Create or replace the journey of this key.");
        journeys.MapPost("/{key}/activate", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                Problems.Reply(await catalog.SetActiveAsync(db, key, true, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Start inviting at the journey's points on their trigger events.");
        journeys.MapPost("/{key}/deactivate", async Task<Results<Ok<JourneyDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, SurveyCatalog catalog, CancellationToken ct) =>
                Problems.Reply(await catalog.SetActiveAsync(db, key, false, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Stop inviting; answers to invitations already sent are still taken.");
        journeys.MapGet("/{key}/points", async Task<Results<Ok<List<PointResult>>, ProblemHttpResult>> (string key, DateOnly? from, DateOnly? to, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await SurveyResults.PointsAsync(db, key, from, to, ct)))
            .WithSummary("Each point with its headline metric, answers, invitations delivered, response rate and objective status, from the maintained aggregates (?from=&to= months).");
        journeys.MapGet("/{key}/points/{point}/invitations", (string key, string point, int? limit, ParcoursDbContext db, CancellationToken ct) =>
                SurveyResults.InvitationsAsync(db, key, point, limit ?? 200, ct))
            .WithSummary("Who was invited at a point, who opened, who answered; newest first.");
    }

    private static Result<T> ReadKeyed<T>(JsonElement body, string key, Func<string, Result<T>> read, Func<T, string> keyOf)
    {
        var result = read(body.GetRawText());
        return result.IsSuccess && keyOf(result.Value) != key
            ? new Error.Invalid("key_mismatch", $"The body's key '{keyOf(result.Value)}' is not '{key}'.", "key")
            : result;
    }
}
