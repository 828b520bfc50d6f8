using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Journeys;

public sealed record CreateActionPlanRequest(
    [property: Required, StringLength(60)] string PointKey,
    [property: Required, StringLength(ActionPlanRow.MaxTitleLength)] string Title,
    [property: StringLength(ActionPlanRow.MaxDetailLength)] string? Detail,
    Guid OwnerId,
    DateOnly DueOn);

/// <summary>An action plan with the point's score in the month it was created (before) and over the months since (after).</summary>
public sealed record ActionPlanItem(
    Guid Id, string JourneyKey, string PointKey, string Title, string? Detail, Guid OwnerId, string? OwnerName, DateOnly DueOn, DateTime CreatedAt, DateTime? DoneAt,
    decimal? Before, decimal? After);

/// <summary>Action plans (seed 004): from answers or themes, a plan with an owner and a due date, linked to the point it should improve.</summary>
public static class ActionPlans
{
    public static async Task<Result<ActionPlanItem>> CreateAsync(ParcoursDbContext db, string journeyKey, CreateActionPlanRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (await JourneyCatalog.LoadAsync(db, journeyKey, ct) is not { } journey)
        {
            return new Error.NotFound("journey_not_found", $"No journey '{journeyKey}' in this workspace.");
        }

        if (journey.Definition.Point(request.PointKey) is null)
        {
            return new Error.Invalid("unknown_point", $"The journey '{journeyKey}' has no point '{request.PointKey}'.", "pointKey");
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            return new Error.Invalid("invalid_title", "An action plan needs a title.", "title");
        }

        var workspace = db.Scope.Current!.Value;
        if (!await db.Users.AnyAsync(u => u.Id == request.OwnerId && u.WorkspaceId == workspace && u.DeactivatedAt == null, ct))
        {
            return new Error.Invalid("unknown_owner", "The owner is not an active member of this workspace's team.", "ownerId");
        }

        var now = clock.GetUtcNow();
        var row = new ActionPlanRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(now), JourneyKey = journeyKey, PointKey = request.PointKey, Title = request.Title.Trim(),
            Detail = string.IsNullOrWhiteSpace(request.Detail) ? null : request.Detail.Trim(), OwnerId = request.OwnerId, DueOn = request.DueOn, CreatedAt = now.UtcDateTime,
        };
        db.ActionPlans.Add(row);
        await db.SaveChangesAsync(ct);
        return (await ItemsAsync(db, journey, [row], ct))[0];
    }

    public static async Task<Result<List<ActionPlanItem>>> ListAsync(ParcoursDbContext db, string journeyKey, string? pointKey, CancellationToken ct)
    {
        if (await JourneyCatalog.LoadAsync(db, journeyKey, ct) is not { } journey)
        {
            return new Error.NotFound("journey_not_found", $"No journey '{journeyKey}' in this workspace.");
        }

        var rows = await db.ActionPlans.AsNoTracking()
            .Where(p => p.JourneyKey == journeyKey && (pointKey == null || p.PointKey == pointKey))
            .OrderBy(p => p.DueOn).ToListAsync(ct);
        return await ItemsAsync(db, journey, rows, ct);
    }

    private static async Task<List<ActionPlanItem>> ItemsAsync(ParcoursDbContext db, LoadedJourney journey, List<ActionPlanRow> rows, CancellationToken ct)
    {
        var workspace = db.Scope.Current!.Value;
        var owners = rows.Select(r => r.OwnerId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => u.WorkspaceId == workspace && owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var items = new List<ActionPlanItem>();
        foreach (var r in rows)
        {
            var (before, after) = await JourneyQueries.BeforeAfterAsync(db, journey, r.PointKey, r.CreatedAt, ct);
            items.Add(new ActionPlanItem(r.Id, r.JourneyKey, r.PointKey, r.Title, r.Detail, r.OwnerId, names.GetValueOrDefault(r.OwnerId), r.DueOn, r.CreatedAt, r.DoneAt, before, after));
        }

        return items;
    }
}
