namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// Appends raw events durably. One call is one transaction: when it returns, every event is committed (or was already
/// there, for a retried message id). The bulk paths (SQLite prepared statements, later PostgreSQL binary COPY) live
/// behind this interface so the writer and the endpoints never change.
/// </summary>
public interface IEventStore
{
    /// <summary>Stores the events, skipping any whose (WorkspaceId, MessageId) exists; returns how many were new.</summary>
    Task<int> AppendAsync(IReadOnlyList<RawEvent> events, CancellationToken cancellationToken);
}
