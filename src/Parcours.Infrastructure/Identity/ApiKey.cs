using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Identity;

/// <summary>A REST API key of a workspace. Only a hash of the secret is kept: the key is shown once, at creation.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }

    public WorkspaceId WorkspaceId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The public part of the key, used to find the row without scanning hashes.</summary>
    public string Prefix { get; set; } = "";

    public string SecretHash { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;

    public Guid? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
