using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Ingestion;

/// <summary>One stored event as the event debugger lists it; the JSON bodies are read only when a row is opened.</summary>
public sealed record EventSummaryResponse(
    Guid Id, DateTime ReceivedAt, DateTime Timestamp, string Type, string? Name, string? UserId, string? AnonymousId, string? GroupId,
    string? PreviousId, string MessageId, Guid WriteKeyId);

public sealed record EventBodyResponse(string? Properties, string? Context);

/// <summary>The latest events of the workspace, newest first, for the event debugger (served by the (WorkspaceId, ReceivedAt) index).</summary>
public static class RecentEvents
{
    public const int MaxEvents = 100;

    public static async Task<List<EventSummaryResponse>> ListAsync(ParcoursDbContext db, int limit, CancellationToken ct) =>
        await db.Events.AsNoTracking()
            .OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(limit, 1, MaxEvents))
            .Select(e => new EventSummaryResponse(e.Id, e.ReceivedAt, e.Timestamp, e.Type, e.Name, e.UserId, e.AnonymousId, e.GroupId, e.PreviousId, e.MessageId, e.WriteKeyId))
            .ToListAsync(ct);

    /// <summary>Properties (or traits) and context of one event; its timestamp is part of the key (the partition on PostgreSQL).</summary>
    public static async Task<EventBodyResponse?> BodyAsync(ParcoursDbContext db, DateTime timestamp, Guid id, CancellationToken ct) =>
        await db.Events.AsNoTracking()
            .Where(e => e.Timestamp == timestamp && e.Id == id)
            .Select(e => new EventBodyResponse(e.Properties, e.Context))
            .FirstOrDefaultAsync(ct);
}
