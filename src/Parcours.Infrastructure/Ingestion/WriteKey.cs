using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// A Segment-style write key: lets one source (a product, a site) send usage events into a workspace, and nothing else.
/// Only a hash of the secret is kept: the key is shown once, at creation.
/// </summary>
public sealed class WriteKey : ITenantOwned
{
    public Guid Id { get; set; }

    public WorkspaceId WorkspaceId { get; set; }

    /// <summary>The source the key is for, e.g. "Web app" or "iOS".</summary>
    public string Name { get; set; } = "";

    /// <summary>The public part of the key, used to find the row without scanning hashes.</summary>
    public string Prefix { get; set; } = "";

    public string SecretHash { get; set; } = "";

    public Guid? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
