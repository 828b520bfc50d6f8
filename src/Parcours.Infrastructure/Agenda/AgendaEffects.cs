using Microsoft.EntityFrameworkCore;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Agenda;

/// <summary>What the ledger knew when a handler was about to send.</summary>
public enum EffectState
{
    /// <summary>No earlier attempt started this effect: send.</summary>
    Fresh = 0,

    /// <summary>An earlier attempt committed "started" and never confirmed: it may have sent.</summary>
    Uncertain = 1,

    /// <summary>An earlier attempt sent and recorded it: do not send again.</summary>
    Completed = 2,
}

public sealed record EffectBegin(EffectState State, string? Reference);

/// <summary>
/// The side-effect ledger (table <c>agenda_effects</c>) in the current workspace. <see cref="BeginAsync"/> commits
/// "started" before the channel is called; <see cref="CompleteAsync"/> records the channel's reference after it answered.
/// A crash between the two leaves "started", which the next attempt sees as <see cref="EffectState.Uncertain"/>.
/// </summary>
public sealed class AgendaEffects(TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO agenda_effects ("WorkspaceId", "Key", "ItemId", "Channel", "Status", "Attempts", "StartedAt")
        VALUES (@p0, @p1, @p2, @p3, 0, 1, @p4)
        ON CONFLICT ("WorkspaceId", "Key") DO NOTHING
        """;

    /// <summary>Records that the effect starts now (committed at once, outside any transaction of the caller's).</summary>
    public async Task<EffectBegin> BeginAsync(ParcoursDbContext db, Guid itemId, string key, string channel, CancellationToken ct)
    {
        if (db.Scope.Current is not { } workspace)
        {
            throw new InvalidOperationException("Refused to record a side effect outside a workspace.");
        }

        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("The ledger must commit before the channel is called; begin an effect outside a transaction.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.Database.ExecuteSqlRawAsync(Insert, AgendaSql.Parameters(db, workspace.Value, key, itemId, channel, now), ct) == 1)
        {
            return new EffectBegin(EffectState.Fresh, null);
        }

        var existing = await db.AgendaEffects.AsNoTracking().SingleAsync(e => e.Key == key, ct);
        if (existing.Status == AgendaEffectStatus.Completed)
        {
            return new EffectBegin(EffectState.Completed, existing.Reference);
        }

        await db.AgendaEffects.Where(e => e.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts + 1).SetProperty(e => e.StartedAt, now), ct);
        return new EffectBegin(EffectState.Uncertain, null);
    }

    public async Task CompleteAsync(ParcoursDbContext db, string key, string? reference, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AgendaEffects.Where(e => e.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, AgendaEffectStatus.Completed)
                .SetProperty(e => e.CompletedAt, now).SetProperty(e => e.Reference, reference), ct);
    }

    /// <summary>The channel surely sent nothing: forget the start, so the next attempt is a fresh send.</summary>
    public static async Task ReleaseAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.AgendaEffects.Where(e => e.Key == key && e.Status == AgendaEffectStatus.Started).ExecuteDeleteAsync(ct);
}
