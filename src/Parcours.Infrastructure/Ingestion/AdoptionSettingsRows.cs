using Parcours.Domain.Adoption;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>One entry of a workspace's feature catalogue: which event names count as using which feature.</summary>
public sealed class FeatureDefinition : ITenantOwned
{
    public WorkspaceId WorkspaceId { get; set; }

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>An event name; <c>*</c> matches any run of characters.</summary>
    public string Pattern { get; set; } = "";

    public FeatureKind Kind { get; set; }

    public int Weight { get; set; }
}

/// <summary>A workspace's adoption rules: what a login is, and after how many days without one a person is inactive.</summary>
public sealed class AdoptionSettings : ITenantOwned
{
    public const string DefaultLoginEvents = "Signed In, Logged In, login";

    public WorkspaceId WorkspaceId { get; set; }

    /// <summary>Event names that count as a login, comma-separated.</summary>
    public string LoginEvents { get; set; } = DefaultLoginEvents;

    public int InactivityDays { get; set; } = 7;

    /// <summary>Per-segment overrides of <see cref="InactivityDays"/> as "segment=days" pairs, comma-separated.</summary>
    public string? InactivityDaysBySegment { get; set; }

    public IReadOnlySet<string> LoginEventNames() =>
        LoginEvents.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
