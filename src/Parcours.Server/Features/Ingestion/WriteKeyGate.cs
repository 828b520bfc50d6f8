using System.Text;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Ingestion;

/// <summary>
/// Finds the write key of a tracking request (Basic-auth user name, or <c>writeKey</c> in the body, as Segment sends it)
/// and limits each key's request rate. The only lookup of write keys that ignores the tenant filter.
/// </summary>
public sealed partial class WriteKeyGate(ParcoursDbContext db, WriteKeyRateLimiter limiter, TimeProvider clock, ILogger<WriteKeyGate> logger)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    /// <summary>The key the request carries: the header's wins, as Segment's own API does.</summary>
    public static string? KeyOf(HttpRequest request, System.Text.Json.JsonElement body)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var user = decoded.Split(':', 2)[0];
                if (user.Length > 0)
                {
                    return user;
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return body.ValueKind == System.Text.Json.JsonValueKind.Object
            && body.TryGetProperty("writeKey", out var key) && key.ValueKind == System.Text.Json.JsonValueKind.String
                ? key.GetString()
                : null;
    }

    /// <summary>The active key matching <paramref name="key"/>, or null for an unknown, malformed or revoked one.</summary>
    public async Task<WriteKey?> FindAsync(string key, CancellationToken ct)
    {
        if (Secrets.LookupIdOf(key, Secrets.WriteKeyPrefix) is not { } prefix)
        {
            return null;
        }

        // A tracking request names no workspace until its key is found: this is where the tenant filter is bypassed.
        var writeKey = await db.WriteKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (writeKey is null || !writeKey.IsActive || !Secrets.Matches(key, writeKey.SecretHash))
        {
            Log.KeyRejected(logger, prefix);
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (writeKey.LastUsedAt is null || now - writeKey.LastUsedAt > LastUsedResolution)
        {
            await db.WriteKeys.IgnoreQueryFilters()
                .Where(k => k.WorkspaceId == writeKey.WorkspaceId && k.Id == writeKey.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }

        return writeKey;
    }

    /// <summary>Null when the request may go on; otherwise how long the sender should wait.</summary>
    public TimeSpan? Throttle(WriteKey key) => limiter.TryAcquire(key.Prefix);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Write key {Prefix} rejected")]
        public static partial void KeyRejected(ILogger logger, string prefix);
    }
}

/// <summary>
/// A token bucket per write key, in this process. With several nodes each node has its own buckets, so the cluster-wide
/// rate is up to N times the setting; good enough to stop one runaway sender from starving the writer.
/// </summary>
public sealed class WriteKeyRateLimiter(IOptions<IngestionOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(prefix =>
        RateLimitPartition.GetTokenBucketLimiter(prefix, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public TimeSpan? TryAcquire(string prefix)
    {
        using var lease = _limiter.AttemptAcquire(prefix);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
