using System.ComponentModel.DataAnnotations;

namespace Parcours.Server.Features.Ingestion;

/// <summary>Section "Ingestion": the Segment-compatible tracking API.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Requests waiting for the writer; when full, a request waits up to <see cref="EnqueueTimeout"/> (backpressure).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Events committed in one transaction at most; requests are never split across transactions.</summary>
    [Range(1, 1_000_000)]
    public int MaxEventsPerCommit { get; set; } = 5000;

    /// <summary>How long a request waits for room in a full queue before it gets a 503.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests per second per write key, sustained (token bucket).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a write key may send at once above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;
}
