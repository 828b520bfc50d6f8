using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Agenda;

public sealed record AgendaItemResponse(
    Guid Id,
    string Kind,
    string? SubjectId,
    string IdempotencyKey,
    AgendaStatus Status,
    DateTime DueAt,
    int Attempts,
    string? LastError,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? CompletedAt);

public sealed record AgendaCount(string Kind, AgendaStatus Status, int Count);

public sealed record AgendaOverviewResponse(IReadOnlyList<AgendaCount> Counts, IReadOnlyList<AgendaItemResponse> Parked, IReadOnlyList<AgendaItemResponse> Upcoming);

/// <summary>The current workspace's agenda for its admins: counts, parked items to replay or cancel, what comes next.</summary>
public static class AgendaAdmin
{
    private const int ListLimit = 100;

    public static async Task<AgendaOverviewResponse> OverviewAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var counts = await db.AgendaItems.AsNoTracking()
            .GroupBy(i => new { i.Kind, i.Status })
            .Select(g => new AgendaCount(g.Key.Kind, g.Key.Status, g.Count()))
            .ToListAsync(ct);
        var upcoming = await db.AgendaItems.AsNoTracking()
            .Where(i => i.Status == AgendaStatus.Pending || i.Status == AgendaStatus.Running)
            .OrderBy(i => i.DueAt).Take(20).Select(Projection).ToListAsync(ct);
        return new AgendaOverviewResponse([.. counts.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Status)], await ParkedAsync(db, ct), upcoming);
    }

    public static async Task<List<AgendaItemResponse>> ParkedAsync(ParcoursDbContext db, CancellationToken ct) =>
        await db.AgendaItems.AsNoTracking().Where(i => i.Status == AgendaStatus.Parked)
            .OrderBy(i => i.DueAt).Take(ListLimit).Select(Projection).ToListAsync(ct);

    public static async Task<Result<AgendaItemResponse>> ReplayAsync(ParcoursDbContext db, AgendaScheduler scheduler, Guid id, CancellationToken ct) =>
        Respond(await scheduler.ReplayAsync(db, id, ct));

    public static async Task<Result<AgendaItemResponse>> CancelAsync(ParcoursDbContext db, AgendaScheduler scheduler, Guid id, CancellationToken ct) =>
        Respond(await scheduler.CancelAsync(db, id, ct));

    public static RouteGroupBuilder MapAgenda(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/agenda").WithTags("Agenda").RequireAuthorization(Policies.Admin);
        group.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => OverviewAsync(db, ct))
            .WithSummary("Counts of agenda items by kind and status, the parked items and the next items due.");
        group.MapGet("/parked", (ParcoursDbContext db, CancellationToken ct) => ParkedAsync(db, ct))
            .WithSummary("Items that failed too often or whose delivery is uncertain, with their last error.");
        group.MapPost("/{id:guid}/replay", async Task<Results<Ok<AgendaItemResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, AgendaScheduler scheduler, CancellationToken ct) =>
                Problems.Reply(await ReplayAsync(db, scheduler, id, ct)))
            .WithSummary("Run a parked item again now, attempts reset; a send parked as 'delivery uncertain' is sent anyway.");
        group.MapPost("/{id:guid}/cancel", async Task<Results<Ok<AgendaItemResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, AgendaScheduler scheduler, CancellationToken ct) =>
                Problems.Reply(await CancelAsync(db, scheduler, id, ct)))
            .WithSummary("Cancel a pending or parked item: it never runs.");
        return group;
    }

    private static Result<AgendaItemResponse> Respond(Result<AgendaItem> result) =>
        result.IsSuccess ? Response(result.Value) : result.Error!;

    private static AgendaItemResponse Response(AgendaItem i) =>
        new(i.Id, i.Kind, i.SubjectId, i.IdempotencyKey, i.Status, i.DueAt, i.Attempts, i.LastError, i.CreatedAt, i.LastAttemptAt, i.CompletedAt);

    private static readonly System.Linq.Expressions.Expression<Func<AgendaItem, AgendaItemResponse>> Projection = i =>
        new AgendaItemResponse(i.Id, i.Kind, i.SubjectId, i.IdempotencyKey, i.Status, i.DueAt, i.Attempts, i.LastError, i.CreatedAt, i.LastAttemptAt, i.CompletedAt);
}

public static class AgendaSetup
{
    public static IServiceCollection AddAgenda(this IServiceCollection services)
    {
        services.AddOptions<AgendaOptions>().BindConfiguration(AgendaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgendaHandlers>();
        services.AddSingleton(new AgendaJitter(new Random()));
        services.AddHostedService<AgendaWorker>();
        return services;
    }

    /// <summary>Registers the handler of one kind; it is resolved per item in a scope entered for the item's workspace.</summary>
    public static IServiceCollection AddAgendaHandler<THandler>(this IServiceCollection services) where THandler : class, IAgendaHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new AgendaHandlerType(typeof(THandler)));
        return services;
    }
}
