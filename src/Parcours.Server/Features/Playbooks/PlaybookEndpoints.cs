using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Playbooks;

/// <summary>A playbook version over the API; <see cref="Definition"/> is the stored JSON form (<see cref="PlaybookJson"/>), the same one POST and PUT take.</summary>
public sealed record PlaybookVersionDto(Guid Id, string Key, int Version, PlaybookStatus Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, JsonElement Definition)
{
    public static PlaybookVersionDto From(PlaybookVersionResponse v) =>
        new(v.Id, v.Key, v.Version, v.Status, v.CreatedAt, v.UpdatedAt, v.PublishedAt, JsonSerializer.SerializeToElement(v.Definition, PlaybookJson.Options));
}

public sealed record MigrateRequest(int Version);

public sealed record BuiltInPlaybookDto(string Key, string Name, string NameEn, SubjectKind Subject, string? TriggerEvent, int StepCount);

public static class PlaybookSetup
{
    public static IServiceCollection AddPlaybooks(this IServiceCollection services)
    {
        services.AddSingleton<PlaybookEventNames>();
        services.AddScoped<IEventReactor, PlaybookEventReactor>();
        services.AddScoped<PlaybookVersions>();
        services.AddScoped<PlaybookRunner>();
        services.AddScoped<EnrolmentFactLog>();
        services.AddScoped<EnrolmentData>();
        services.AddScoped<Enrolments>();
        services.AddScoped<EnrolmentTimeline>();
        services.AddScoped<EnrolmentCsv>();
        services.AddScoped<OnboardingOverview>();
        services.AddScoped<PlaybookPreview>();
        services.AddAgendaHandler<AdvanceEnrolmentHandler>();
        services.AddAgendaHandler<PlaybookEventHandler>();
        return services;
    }

    public static void MapPlaybooks(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").WithTags("Playbooks");
        playbooks.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => PlaybookVersions.ListAsync(db, ct))
            .WithSummary("Playbooks with their latest and published versions and their running and finished enrolments.");
        playbooks.MapGet("/built-in", () => BuiltInPlaybooks.All.Select(p => new BuiltInPlaybookDto(p.Key, p.Name.Fr, p.Name.En, p.Subject, p.Trigger.EventName, p.Steps.Count)))
            .WithSummary("The playbooks Parcours ships (SaaS customer, B2B customer, new employee), in French and English.");
        playbooks.MapPost("/built-in/{key}", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, HttpContext http, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Reply(await versions.InstallAsync(db, key, http.User.UserId(), ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Install a built-in playbook, published as version 1.");
        playbooks.MapPost("/", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (JsonElement body, HttpContext http, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Read(body) is { IsSuccess: true } definition ? Reply(await versions.CreateAsync(db, definition.Value, http.User.UserId(), ct)) : Problems.From(Read(body).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Create a playbook (version 1, draft) from its JSON definition; every problem is listed with its path.");
        playbooks.MapGet("/{key}", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, int? version, ParcoursDbContext db, CancellationToken ct) =>
                Reply(await PlaybookVersions.GetAsync(db, key, version, ct)))
            .WithSummary("A version of a playbook (the latest unless ?version=N).");
        playbooks.MapPut("/{key}/draft", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, JsonElement body, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Read(body) is { IsSuccess: true } definition ? Reply(await versions.SaveDraftAsync(db, key, definition.Value, ct)) : Problems.From(Read(body).Error!))
            .RequireAuthorization(Policies.Write).WithSummary("Replace the draft; a published version never changes (revise it first).");
        playbooks.MapPost("/{key}/publish", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Reply(await versions.PublishAsync(db, key, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Publish the draft; new enrolments use it, running ones keep their version.");
        playbooks.MapPost("/{key}/revise", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, HttpContext http, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Reply(await versions.ReviseAsync(db, key, http.User.UserId(), ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Start the next version as a draft copy of the latest.");
        playbooks.MapPost("/{key}/archive", async Task<Results<Ok<PlaybookVersionDto>, ProblemHttpResult>> (string key, ParcoursDbContext db, PlaybookVersions versions, CancellationToken ct) =>
                Reply(await versions.ArchiveAsync(db, key, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Stop new enrolments; running ones carry on.");
        playbooks.MapPost("/{key}/enrolments", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (string key, EnrolRequest request, HttpContext http, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.EnrolAsync(db, key, request, "api", http.User.UserId(), ct), ct))
            .RequireAuthorization(Policies.Write).WithSummary("Enrol a person or an account into the published version; the same idempotencyKey enrols once.");

        api.MapGet("/onboarding", (ParcoursDbContext db, OnboardingOverview overview, CancellationToken ct) => overview.GetAsync(db, ct))
            .WithTags("Playbooks")
            .WithSummary("Onboarding per playbook: running enrolments on track, late and stalled, finished ones, late milestones, and time to onboard by enrolment month.");

        playbooks.MapPost("/{key}/enrolments/csv", async Task<Results<Ok<CsvEnrolmentReport>, ProblemHttpResult>> (string key, HttpRequest request, HttpContext http, ParcoursDbContext db, EnrolmentCsv csv, CancellationToken ct) =>
                await EnrolCsvAsync(key, request, http.User.UserId(), db, csv, ct))
            .RequireAuthorization(Policies.Write).DisableAntiforgery().Accepts<string>("text/csv")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(EnrolmentCsv.MaxBytes))
            .WithSummary("Enrol the subjects of a CSV file (column email or external_id, or account_external_id or account_name; optional start_date), all or nothing, with a report per row.");

        var enrolled = api.MapGroup("/enrolments").WithTags("Playbooks");
        enrolled.MapGet("/", (string? playbook, EnrolmentState? state, EnrolmentStatus? progress, ParcoursDbContext db, CancellationToken ct) =>
                EnrolmentTimeline.ListAsync(db, playbook, state, progress, ct))
            .WithSummary("Enrolments, newest first, filtered by playbook, state and progress (on track, late, stalled).");
        enrolled.MapGet("/{id:guid}", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, EnrolmentTimeline timeline, CancellationToken ct) =>
                Problems.Reply(await timeline.GetAsync(db, id, ct)))
            .WithSummary("An enrolment's timeline: past steps with what happened (sent, opened, clicked, suppressed and why, task outcome) and upcoming ones with their dates.");
        enrolled.MapPost("/{id:guid}/pause", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.PauseAsync(db, id, ct), ct)).RequireAuthorization(Policies.Write).WithSummary("Pause: nothing is sent or created until resumed.");
        enrolled.MapPost("/{id:guid}/resume", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.ResumeAsync(db, id, ct), ct)).RequireAuthorization(Policies.Write).WithSummary("Resume; steps that fell due meanwhile run now.");
        enrolled.MapPost("/{id:guid}/cancel", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.CancelAsync(db, id, ct), ct)).RequireAuthorization(Policies.Write).WithSummary("Stop the enrolment for good.");
        enrolled.MapPost("/{id:guid}/migrate", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, MigrateRequest request, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.MigrateAsync(db, id, request.Version, ct), ct)).RequireAuthorization(Policies.Write)
            .WithSummary("Move the enrolment to another published version of its playbook (done steps carry over by key).");
        enrolled.MapPost("/{id:guid}/steps/{stepKey}/skip", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, string stepKey, SkipStepRequest? request, HttpContext http, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.SkipAsync(db, id, stepKey, request?.Reason, http.User.UserId(), ct), ct)).RequireAuthorization(Policies.Write).WithSummary("Skip a step (a series occurrence is key#n).");
        enrolled.MapPost("/{id:guid}/steps/{stepKey}/tick", async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> (Guid id, string stepKey, HttpContext http, ParcoursDbContext db, Enrolments enrolments, EnrolmentTimeline timeline, CancellationToken ct) =>
                await ViewAsync(db, timeline, await enrolments.TickAsync(db, id, stepKey, http.User.UserId(), ct), ct)).RequireAuthorization(Policies.Write).WithSummary("Mark a milestone reached now.");
    }

    private static async Task<Results<Ok<CsvEnrolmentReport>, ProblemHttpResult>> EnrolCsvAsync(
        string key, HttpRequest request, Guid? userId, ParcoursDbContext db, EnrolmentCsv csv, CancellationToken ct)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await request.Body.CopyToAsync(file, ct);
            }

            var report = await csv.EnrolAsync(db, key, path, userId, ct);
            return report.IsSuccess ? TypedResults.Ok(report.Value) : Problems.From(report.Error!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> ViewAsync(ParcoursDbContext db, EnrolmentTimeline timeline, Result<EnrolmentRow> result, CancellationToken ct) =>
        result.Error is { } error ? Problems.From(error) : Problems.Reply(await timeline.GetAsync(db, result.Value.Id, ct));

    private static Results<Ok<PlaybookVersionDto>, ProblemHttpResult> Reply(Result<PlaybookVersionResponse> result) =>
        result.IsSuccess ? TypedResults.Ok(PlaybookVersionDto.From(result.Value)) : Problems.From(result.Error!);

    private static Result<PlaybookDefinition> Read(JsonElement body) => PlaybookJson.Deserialize(body.GetRawText());
}
