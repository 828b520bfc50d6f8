using System.Collections.Concurrent;
using System.Text.Json;
using Parcours.Domain.Common;

namespace Parcours.Server.Features.Ingestion;

public enum IngestionProblemKind
{
    /// <summary>One message was not stored (in a batch, the others were); it has an index and a copy of the message.</summary>
    RejectedMessage = 0,

    /// <summary>The whole request was refused or failed after its write key was known (nothing stored).</summary>
    FailedRequest = 1,
}

/// <summary>
/// A problem the event debugger shows. <see cref="Status"/> is the HTTP status the request got (a batch that stored
/// other messages answered 200); <see cref="Index"/> is the message's position in its batch (0 for a single message).
/// </summary>
public readonly record struct IngestionProblem(
    DateTime At, Guid WriteKeyId, IngestionProblemKind Kind, int Status, int Index, string Reason, string? Message);

/// <summary>What a workspace's senders did since this process started: accepted counts and the latest problems, newest first.</summary>
public sealed record IngestionLogSnapshot(long AcceptedRequests, long AcceptedMessages, long RejectedMessages, long FailedRequests, DateTime? LastAcceptedAt, IReadOnlyList<IngestionProblem> Problems);

/// <summary>
/// The tracking API's recent outcomes per workspace, for the event debugger: rejected messages are not stored, so this
/// is the only place a customer can see why. In memory and per process (a restart forgets; with several nodes each
/// shows its own). Only outcomes with a workspace are kept, that is after the write key was found: a 401 or a malformed
/// body belongs to nobody. Cheap on the hot path: accepted requests only bump counters; a problem takes one short lock
/// to write a slot of a fixed ring. Copies of rejected messages are truncated, so each workspace holds a bounded amount.
/// </summary>
public sealed class IngestionLog(TimeProvider clock)
{
    /// <summary>Problems kept per workspace; older ones are overwritten.</summary>
    public const int Capacity = 200;

    /// <summary>Characters of a rejected message kept for display.</summary>
    public const int MaxMessageChars = 2000;

    private readonly ConcurrentDictionary<WorkspaceId, Ring> _rings = new();

    public void Accepted(WorkspaceId workspace, int messages)
    {
        var ring = RingOf(workspace);
        Interlocked.Increment(ref ring.AcceptedRequests);
        Interlocked.Add(ref ring.AcceptedMessages, messages);
        Interlocked.Exchange(ref ring.LastAcceptedTicks, clock.GetUtcNow().UtcTicks);
    }

    public void Rejected(WorkspaceId workspace, Guid writeKeyId, int status, int index, string reason, JsonElement message)
    {
        var ring = RingOf(workspace);
        Interlocked.Increment(ref ring.RejectedMessages);
        ring.Add(new IngestionProblem(Now(), writeKeyId, IngestionProblemKind.RejectedMessage, status, index, reason, Truncate(message)));
    }

    public void Failed(WorkspaceId workspace, Guid writeKeyId, int status, string reason)
    {
        var ring = RingOf(workspace);
        Interlocked.Increment(ref ring.FailedRequests);
        ring.Add(new IngestionProblem(Now(), writeKeyId, IngestionProblemKind.FailedRequest, status, 0, reason, null));
    }

    public IngestionLogSnapshot Snapshot(WorkspaceId workspace)
    {
        if (!_rings.TryGetValue(workspace, out var ring))
        {
            return new IngestionLogSnapshot(0, 0, 0, 0, null, []);
        }

        var ticks = Interlocked.Read(ref ring.LastAcceptedTicks);
        return new IngestionLogSnapshot(
            Interlocked.Read(ref ring.AcceptedRequests), Interlocked.Read(ref ring.AcceptedMessages),
            Interlocked.Read(ref ring.RejectedMessages), Interlocked.Read(ref ring.FailedRequests),
            ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc), ring.NewestFirst());
    }

    private Ring RingOf(WorkspaceId workspace) => _rings.GetOrAdd(workspace, static _ => new Ring());

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Truncate(JsonElement message)
    {
        var text = message.GetRawText();
        return text.Length <= MaxMessageChars ? text : string.Concat(text.AsSpan(0, MaxMessageChars), "…");
    }

    private sealed class Ring
    {
        public long AcceptedRequests;
        public long AcceptedMessages;
        public long RejectedMessages;
        public long FailedRequests;
        public long LastAcceptedTicks;

        private readonly Lock _gate = new();
        private readonly IngestionProblem[] _slots = new IngestionProblem[Capacity];
        private int _next;
        private int _count;

        public void Add(IngestionProblem problem)
        {
            lock (_gate)
            {
                _slots[_next] = problem;
                _next = (_next + 1) % Capacity;
                _count = Math.Min(_count + 1, Capacity);
            }
        }

        public IngestionProblem[] NewestFirst()
        {
            lock (_gate)
            {
                var copy = new IngestionProblem[_count];
                for (var i = 0; i < _count; i++)
                {
                    copy[i] = _slots[(_next - 1 - i + Capacity) % Capacity];
                }

                return copy;
            }
        }
    }
}
