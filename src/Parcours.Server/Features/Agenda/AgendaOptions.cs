using System.ComponentModel.DataAnnotations;

namespace Parcours.Server.Features.Agenda;

/// <summary>Section "Agenda": how this node's worker claims, runs and retries agenda items.</summary>
public sealed class AgendaOptions : IValidatableObject
{
    public const string SectionName = "Agenda";

    /// <summary>Run the worker on this node. Off for a node that should only serve the web (the others do the work).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long a claim holds without a heartbeat. After a node dies, its items run again once this has passed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often the leases of running items are extended; at most a third of <see cref="Lease"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:20:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often to look for items scheduled on other nodes and for expired leases.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most items claimed in one statement.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Claim statements sent at once when the free slots hold several batches (useful with small batches on PostgreSQL).</summary>
    [Range(1, 64)]
    public int ParallelClaims { get; set; } = 1;

    /// <summary>Most outcomes written in one statement (1: each item is committed on its own).</summary>
    [Range(1, 5000)]
    public int CompletionBatchSize { get; set; } = 100;

    /// <summary>Most outcome batches being written at once; on PostgreSQL their commits share the WAL flushes.</summary>
    [Range(1, 64)]
    public int OutcomeWriters { get; set; } = 4;

    /// <summary>Most items running at once on this node; handlers mostly wait on channels, so this can be high.</summary>
    [Range(1, 5000)]
    public int Concurrency { get; set; } = 64;

    /// <summary>Attempts before an item is parked for a person to decide.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; it doubles at each further failure, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Heartbeat * 3 > Lease)
        {
            yield return new ValidationResult("Agenda:Heartbeat must be at most a third of Agenda:Lease, so a live node never loses its claims.", [nameof(Heartbeat)]);
        }

        if (MaxBackoff < BaseBackoff)
        {
            yield return new ValidationResult("Agenda:MaxBackoff must be at least Agenda:BaseBackoff.", [nameof(MaxBackoff)]);
        }
    }
}
