using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Agenda;

/// <summary>How a channel treats a repeated idempotency key.</summary>
public enum ChannelDedup
{
    /// <summary>The provider drops a repeat of the same key (SMS idempotency header, our webhooks): resending is safe.</summary>
    ByKey = 0,

    /// <summary>Nothing downstream deduplicates reliably (SMTP: a Message-ID is a hint, not a guarantee).</summary>
    None = 1,
}

/// <summary>What the channel said: sent (with its reference), or surely not sent (refused before anything left).</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    public static SendResult Sent(string? reference) => new Delivered(reference);

    /// <summary>Nothing was sent (connection refused, invalid number): the ledger forgets the attempt.</summary>
    public static SendResult NotSent(string error, bool permanent = false) => new Refused(error, permanent);

    public sealed record Delivered(string? Reference) : SendResult;

    public sealed record Refused(string Error, bool Permanent) : SendResult;
}

/// <summary>
/// Sends through a channel at most once per agenda item, across crashes. "Started" is committed before the channel is
/// called. A later attempt that finds it started but never confirmed resends with the same key to a channel that
/// deduplicates on it, and parks the item as "delivery uncertain" for any other channel: a person decides, and a replay
/// sends anyway. An exception from <c>send</c> is an unknown outcome; return <see cref="SendResult.NotSent"/> when
/// the channel surely sent nothing.
/// </summary>
public static class SideEffects
{
    public static async Task<AgendaResult> SendOnceAsync(
        this AgendaEffects effects,
        ParcoursDbContext db,
        AgendaWork work,
        string channel,
        ChannelDedup dedup,
        Func<string, CancellationToken, Task<SendResult>> send,
        CancellationToken ct)
    {
        var key = work.IdempotencyKey;
        var begin = await effects.BeginAsync(db, work.ItemId, key, channel, ct);
        switch (begin.State)
        {
            case EffectState.Completed:
                return AgendaResult.Done;
            case EffectState.Uncertain when dedup == ChannelDedup.None:
                return AgendaResult.Park(
                    $"Delivery uncertain: an earlier attempt started sending by {channel} and never confirmed it. " +
                    "Check with the recipient; Replay sends it again (same message id), Cancel if it arrived.");
            case EffectState.Fresh:
            case EffectState.Uncertain:
            default:
                break;
        }

        switch (await send(key, ct))
        {
            case SendResult.Delivered delivered:
                await effects.CompleteAsync(db, key, delivered.Reference, ct);
                return AgendaResult.Done;
            case SendResult.Refused { Permanent: true } refused:
                await AgendaEffects.ReleaseAsync(db, key, ct);
                return AgendaResult.Park(refused.Error);
            case SendResult.Refused refused:
                await AgendaEffects.ReleaseAsync(db, key, ct);
                return AgendaResult.Retry(refused.Error);
            default:
                throw new InvalidOperationException("Unknown send result.");
        }
    }
}
