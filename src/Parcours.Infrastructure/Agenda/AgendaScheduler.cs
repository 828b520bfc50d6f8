using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Agenda;

/// <summary>What to schedule. The idempotency key names the occurrence ("welcome:{personId}"), so scheduling it twice is a no-op.</summary>
public sealed record AgendaEntry(string Kind, DateTime DueAt, string IdempotencyKey, string? SubjectId = null, string? Payload = null);

/// <summary>
/// Writes agenda items for the current workspace, and lets a person replay a parked item or cancel one. Scheduling runs
/// on the caller's context: inside the caller's transaction it commits (or rolls back) with the change that caused it.
/// </summary>
public sealed class AgendaScheduler(TimeProvider clock, AgendaSignal signal)
{
    private const string Insert = """
        INSERT INTO agenda_items ("WorkspaceId", "Id", "Kind", "SubjectId", "Payload", "DueAt", "IdempotencyKey", "Status",
                                  "Attempts", "Fence", "CreatedAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, 0, 0, 0, @p7)
        ON CONFLICT ("WorkspaceId", "IdempotencyKey") DO NOTHING
        """;

    /// <summary>Schedules one item; false when an item with the same key already exists (nothing changes).</summary>
    public async Task<Result<bool>> ScheduleAsync(ParcoursDbContext db, AgendaEntry entry, CancellationToken ct)
    {
        var result = await ScheduleManyAsync(db, [entry], ct);
        return result.IsSuccess ? result.Value == 1 : result.Error!;
    }

    /// <summary>Schedules the items not scheduled yet; returns how many were new.</summary>
    public async Task<Result<int>> ScheduleManyAsync(ParcoursDbContext db, IReadOnlyList<AgendaEntry> entries, CancellationToken ct)
    {
        // Raw SQL skips the DbContext's write guard, so the guard's rule is applied here: only the scope's workspace.
        if (db.Scope.Current is not { } workspace)
        {
            throw new InvalidOperationException("Refused to schedule an agenda item outside a workspace.");
        }

        foreach (var entry in entries)
        {
            if (Check(entry) is { } invalid)
            {
                return invalid;
            }
        }

        var now = clock.GetUtcNow();
        var inserted = 0;
        foreach (var entry in entries)
        {
            var due = DateTime.SpecifyKind(entry.DueAt, DateTimeKind.Utc);
            inserted += await db.Database.ExecuteSqlRawAsync(Insert,
                AgendaSql.Parameters(db, workspace.Value, Guid.CreateVersion7(now), entry.Kind, entry.SubjectId, entry.Payload, due, entry.IdempotencyKey, now.UtcDateTime), ct);
        }

        if (inserted > 0)
        {
            // The worker sleeps until the earliest due item it knows of; any new item may be earlier.
            if (db.Database.CurrentTransaction is null)
            {
                signal.Nudge();
            }
            else
            {
                db.AgendaNudgeOnCommit = true;
            }
        }

        return inserted;
    }

    /// <summary>A parked item runs again now, with its attempts reset. A send parked as "delivery uncertain" is sent anyway.</summary>
    public async Task<Result<AgendaItem>> ReplayAsync(ParcoursDbContext db, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.AgendaItems.Where(i => i.Id == id && i.Status == AgendaStatus.Parked)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, AgendaStatus.Pending).SetProperty(i => i.DueAt, now).SetProperty(i => i.Attempts, 0), ct);
        if (changed == 0)
        {
            return await RefusalAsync(db, id, "replay", "Only a parked item can be replayed.", ct);
        }

        // The person decided: a started but unconfirmed send is released, so the next attempt sends.
        await db.AgendaEffects.Where(e => e.ItemId == id && e.Status == AgendaEffectStatus.Started).ExecuteDeleteAsync(ct);
        var replayed = await db.AgendaItems.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        signal.Nudge();
        return replayed;
    }

    /// <summary>A pending or parked item will never run. A running one cannot be cancelled: its handler may be sending.</summary>
    public async Task<Result<AgendaItem>> CancelAsync(ParcoursDbContext db, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.AgendaItems.Where(i => i.Id == id && (i.Status == AgendaStatus.Pending || i.Status == AgendaStatus.Parked))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, AgendaStatus.Cancelled).SetProperty(i => i.CompletedAt, now), ct);
        if (changed == 0)
        {
            return await RefusalAsync(db, id, "cancel", "Only a pending or parked item can be cancelled.", ct);
        }

        return await db.AgendaItems.AsNoTracking().SingleAsync(i => i.Id == id, ct);
    }

    private static async Task<Error> RefusalAsync(ParcoursDbContext db, Guid id, string action, string rule, CancellationToken ct)
    {
        var status = await db.AgendaItems.Where(i => i.Id == id).Select(i => (AgendaStatus?)i.Status).SingleOrDefaultAsync(ct);
        return status is null
            ? new Error.NotFound("agenda_item_not_found", $"No agenda item with id {id} in this workspace.")
            : new Error.Conflict($"agenda_item_not_{action}able", $"{rule} This item is {status.Value.ToString().ToLowerInvariant()}.");
    }

    private static Error.Invalid? Check(AgendaEntry entry) => entry switch
    {
        { Kind.Length: 0 or > AgendaItem.MaxKindLength } => new("invalid_kind", $"An agenda kind has 1 to {AgendaItem.MaxKindLength} characters.", "kind"),
        { IdempotencyKey.Length: 0 or > AgendaItem.MaxKeyLength } => new("invalid_idempotency_key", $"An idempotency key has 1 to {AgendaItem.MaxKeyLength} characters.", "idempotencyKey"),
        { SubjectId.Length: > AgendaItem.MaxSubjectLength } => new("invalid_subject", $"A subject id has at most {AgendaItem.MaxSubjectLength} characters.", "subjectId"),
        { Payload.Length: > AgendaItem.MaxPayloadLength } => new("payload_too_large", $"An agenda payload has at most {AgendaItem.MaxPayloadLength} characters; store large data elsewhere and pass its id.", "payload"),
        _ => null,
    };
}
