using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Identity;

/// <summary>A teammate invited by email. The link carries a random token; the table keeps its hash.</summary>
public sealed class Invitation : ITenantOwned
{
    public Guid Id { get; set; }

    public WorkspaceId WorkspaceId { get; set; }

    public string Email { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;

    public string TokenHash { get; set; } = "";

    public Guid InvitedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsOpen(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
