using Parcours.Domain.Common;
using Microsoft.EntityFrameworkCore;
using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Surveys;
using Parcours.Domain.Journeys;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Journeys;

public static class JourneySetup
{
    public static IServiceCollection AddJourneys(this IServiceCollection services)
    {
        services.AddScoped<CallbackCommands>();
        services.AddScoped<DemoSurveys>();
        services.AddAgendaHandler<CallbackDeadlineHandler>();
        return services;
    }

    public static void MapJourneys(this RouteGroupBuilder api)
    {
        var journeys = api.MapGroup("/journeys").WithTags("Journeys");
        // Listing and installing journeys are the survey API's (GET /journeys, POST /journeys/built-in/{key}); these are the read models.
        journeys.MapGet("/{key}/figures", async Task<Results<Ok<JourneyFigures>, ProblemHttpResult>> (string key, int? months, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                await JourneyCatalog.LoadAsync(db, key, ct) is { } journey
                    ? TypedResults.Ok(await JourneyQueries.FiguresAsync(db, journey, MonthSpan.Last(months ?? 6, clock.GetUtcNow()), clock.GetUtcNow(), ct))
                    : Problems.From(Problems.NotFound("journey", key)))
            .WithSummary("Per point over the last months (6 unless ?months=N): headline metric, answers and objective status by month, response rate, callbacks and recovery.");
        journeys.MapGet("/{key}/action-plans", async Task<Results<Ok<List<ActionPlanItem>>, ProblemHttpResult>> (string key, string? point, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await ActionPlans.ListAsync(db, key, point, ct)))
            .WithSummary("Action plans of a journey (or one point) with the point's score before and after.");
        journeys.MapPost("/{key}/action-plans", async Task<Results<Ok<ActionPlanItem>, ProblemHttpResult>> (string key, CreateActionPlanRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await ActionPlans.CreateAsync(db, key, request, clock, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Create an action plan for a point, with an owner and a due date.");

        api.MapGet("/answers", (string? journey, string? point, string? stage, SurveyChannel? channel, string? segment, string? product, DateTime? from, DateTime? to,
                ScoreBand? band, string? search, Guid? personId, Guid? accountId, int? page, int? pageSize, ParcoursDbContext db, CancellationToken ct) =>
                JourneyQueries.AnswersAsync(db, new AnswerFilter(journey, point, stage, channel, segment, product, from, to, band, search, personId, accountId, page ?? 0, pageSize ?? 50), ct))
            .WithTags("Journeys").WithSummary("Survey answers, newest first, filtered (band: Low = detractors, Middle, High = promoters) with a verbatim search; pageSize at most 200.");
        api.MapGet("/people/{id:guid}/journey-path", async Task<Results<Ok<List<PathStep>>, ProblemHttpResult>> (Guid id, string? journey, ParcoursDbContext db, CancellationToken ct) =>
                await db.People.AnyAsync(p => p.Id == new PersonId(id), ct) ? TypedResults.Ok(await JourneyQueries.PathAsync(db, id, journey, ct)) : Problems.From(Problems.NotFound("person", id)))
            .WithTags("Journeys").WithSummary("A customer's own path: their invitations across points and what they answered.");
        api.MapGet("/accounts/{id:guid}/temperature", async Task<Results<Ok<AccountTemperature>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                await db.Accounts.AnyAsync(a => a.Id == new AccountId(id), ct) ? TypedResults.Ok(await JourneyQueries.TemperatureAsync(db, id, clock.GetUtcNow(), ct)) : Problems.From(Problems.NotFound("account", id)))
            .WithTags("Journeys").WithSummary("The account's temperature: last score per point, open callbacks, last answers.");
        api.MapGet("/fans", (string? journey, ParcoursDbContext db, CancellationToken ct) => JourneyQueries.FansAsync(db, journey, 500, ct))
            .WithTags("Journeys").WithSummary("Promoters who agreed to be quoted, newest first.");
        api.MapGet("/fans/export", (string? journey, ParcoursDbContext db, HttpContext http, CancellationToken ct) => ExportFans(db, http, journey, ct))
            .WithTags("Journeys").WithSummary("The fans as CSV (UTF-8 with BOM).");

        var callbacks = api.MapGroup("/callbacks").WithTags("Callbacks");
        callbacks.MapGet("/", (Guid? assigneeId, bool? mine, Guid? accountId, string? journey, CallbackFilter? status, HttpContext http, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                CallbackCommands.ListAsync(db, new CallbackQuery(assigneeId ?? (mine == true ? http.User.UserId() : null), accountId, journey, status ?? CallbackFilter.Open), clock.GetUtcNow(), ct))
            .WithSummary("The callback inbox by deadline: open ones by default (status=Overdue, Closed, All), one assignee's (with what was escalated to them) or the signed-in user's with mine=true.");
        callbacks.MapGet("/{id:guid}", async Task<Results<Ok<CallbackItem>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await CallbackCommands.GetAsync(db, id, clock.GetUtcNow(), ct)))
            .WithSummary("A callback with its attempts.");
        callbacks.MapPost("/{id:guid}/attempts", async Task<Results<Ok<CallbackItem>, ProblemHttpResult>> (Guid id, RecordAttemptRequest request, HttpContext http, ParcoursDbContext db, CallbackCommands commands, CancellationToken ct) =>
                Problems.Reply(await commands.RecordAsync(db, id, request, http.User.UserId(), ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Record a call: reached or not, what was said, the action taken. The first call meets the deadline.");
        callbacks.MapPost("/{id:guid}/close", async Task<Results<Ok<CallbackItem>, ProblemHttpResult>> (Guid id, CloseCallbackRequest request, ParcoursDbContext db, CallbackCommands commands, CancellationToken ct) =>
                Problems.Reply(await commands.CloseAsync(db, id, request.Outcome, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Close a callback with its outcome.");
    }

    /// <summary>The fans' CSV for the cockpit's one-click button (cookie auth; a GET with no side effect).</summary>
    public static void MapJourneyExports(this WebApplication app) =>
        app.MapGet("/exports/fans.csv", (string? journey, ParcoursDbContext db, HttpContext http, CancellationToken ct) => ExportFans(db, http, journey, ct))
            .RequireAuthorization(Policies.Read).ExcludeFromDescription();

    private static IResult ExportFans(ParcoursDbContext db, HttpContext http, string? journey, CancellationToken ct)
    {
        var separator = CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "fr" ? ';' : ',';
        http.Response.Headers.ContentDisposition = "attachment; filename=\"parcours-fans.csv\"";
        return Results.Stream(stream => WriteFansAsync(db, journey, stream, separator, ct), "text/csv; charset=utf-8");
    }

    public static async Task WriteFansAsync(ParcoursDbContext db, string? journey, Stream output, char separator, CancellationToken ct)
    {
        var fans = await JourneyQueries.FansAsync(db, journey, 10_000, ct);
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { Separator = separator, WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(["answeredAt", "firstAndLastName", "email", "account", "journey", "point", "score", "verbatim"]);
        foreach (var f in fans)
        {
            await csv.WriteRecordAsync(
            [
                f.AnsweredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.PersonName, f.Email, f.AccountName, f.JourneyKey, f.PointKey,
                f.Score?.ToString(CultureInfo.InvariantCulture), f.Verbatim,
            ], ct);
        }

        await csv.FlushAsync(ct);
    }
}
