using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Agenda;

/// <summary>An item as a worker holds it: everything the handler needs, and the fence it was claimed with.</summary>
public sealed record ClaimedItem(
    WorkspaceId WorkspaceId,
    Guid Id,
    string Kind,
    string? SubjectId,
    string? Payload,
    DateTime DueAt,
    string IdempotencyKey,
    int Attempts,
    long Fence)
{
    public AgendaLease Lease => new(WorkspaceId, Id, Fence);
}

/// <summary>A claim on one item: only the holder of the current fence may extend it or finish the item.</summary>
public readonly record struct AgendaLease(WorkspaceId WorkspaceId, Guid Id, long Fence);

/// <summary>
/// How a run ended: <see cref="AgendaStatus.Done"/>, <see cref="AgendaStatus.Pending"/> again at <see cref="RetryAt"/>,
/// or <see cref="AgendaStatus.Parked"/> with <see cref="Error"/> for a person to decide.
/// </summary>
public sealed record AgendaFinish(AgendaLease Lease, AgendaStatus Status, DateTime? RetryAt = null, string? Error = null)
{
    public static AgendaFinish Done(AgendaLease lease) => new(lease, AgendaStatus.Done);

    public static AgendaFinish Retry(AgendaLease lease, DateTime at, string error) => new(lease, AgendaStatus.Pending, at, Truncate(error));

    public static AgendaFinish Park(AgendaLease lease, string error) => new(lease, AgendaStatus.Parked, null, Truncate(error));

    private static string Truncate(string error) => error.Length <= AgendaItem.MaxErrorLength ? error : error[..AgendaItem.MaxErrorLength];
}

/// <summary>
/// Claiming and finishing agenda items across every workspace. This is the one place that reads and writes agenda rows
/// without the tenant filter (ADR 7): every statement names each row by (WorkspaceId, Id), and a handler then runs in a
/// scope entered for the item's own workspace. One implementation per provider: PostgreSQL lets several nodes share the
/// work with <c>FOR UPDATE SKIP LOCKED</c>; SQLite serves one node through one in-process gate.
/// </summary>
public interface IAgendaStore
{
    /// <summary>Claims up to <paramref name="max"/> pending items due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<ClaimedItem>> ClaimDueAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct);

    /// <summary>Claims up to <paramref name="max"/> running items whose lease ran out (their worker died or hung).</summary>
    Task<IReadOnlyList<ClaimedItem>> ClaimExpiredAsync(string owner, int max, DateTime now, DateTime leaseUntil, CancellationToken ct);

    /// <summary>Extends the leases still held; returns, for each, whether it was still ours.</summary>
    Task<IReadOnlyList<bool>> ExtendAsync(IReadOnlyList<AgendaLease> leases, DateTime leaseUntil, CancellationToken ct);

    /// <summary>Writes each outcome if its fence still holds; returns, for each, whether it was accepted.</summary>
    Task<IReadOnlyList<bool>> FinishAsync(IReadOnlyList<AgendaFinish> finishes, DateTime now, CancellationToken ct);

    /// <summary>The earliest due time of any pending item, so an idle worker sleeps exactly until then.</summary>
    Task<DateTime?> NextDueAsync(CancellationToken ct);
}
