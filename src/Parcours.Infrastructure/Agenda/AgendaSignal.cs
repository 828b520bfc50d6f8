using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Agenda;

/// <summary>
/// Wakes this node's agenda worker when an item was scheduled here, so an item due now starts at once instead of at the
/// next poll. Items scheduled on other nodes are found by the worker's poll.
/// </summary>
public sealed class AgendaSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Nudge"/>. Take it before looking for work, so no nudge falls in between.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Nudge() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>An item scheduled inside a caller's transaction becomes visible at its commit: the nudge waits for it.</summary>
public sealed class AgendaCommitInterceptor(AgendaSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NudgeIfScheduled(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NudgeIfScheduled(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private void NudgeIfScheduled(TransactionEndEventData eventData)
    {
        if (eventData.Context is ParcoursDbContext { AgendaNudgeOnCommit: true } db)
        {
            db.AgendaNudgeOnCommit = false;
            signal.Nudge();
        }
    }

    private static void Forget(TransactionEndEventData eventData)
    {
        if (eventData.Context is ParcoursDbContext db)
        {
            db.AgendaNudgeOnCommit = false;
        }
    }
}
