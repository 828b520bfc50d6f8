using Microsoft.AspNetCore.Identity;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Identity;

/// <summary>
/// A member of a workspace's team. Users are found by email at sign-in, before any workspace is known, so this table is
/// not under the tenant query filter: every team query names its workspace explicitly.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public WorkspaceId WorkspaceId { get; set; }

    public string DisplayName { get; set; } = "";

    public string Locale { get; set; } = "fr";

    /// <summary>Who this user reports to; overdue work escalates there.</summary>
    public Guid? ManagerId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DeactivatedAt { get; set; }

    public UserId TypedId => new(Id);
}
