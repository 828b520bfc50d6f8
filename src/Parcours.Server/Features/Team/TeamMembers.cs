using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Team;

public sealed record TeamMemberResponse(Guid Id, string DisplayName, string Email, string Role, bool Active, DateTime CreatedAt);

/// <summary>The workspace's team. Users are not under the tenant filter (sign-in needs them first), so every query names the workspace.</summary>
public static class TeamMembers
{
    public static async Task<List<TeamMemberResponse>> ListAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var workspace = db.CurrentWorkspaceId;
        var members = await (
            from u in db.Users
            where u.WorkspaceId == workspace
            join ur in db.UserRoles on u.Id equals ur.UserId into userRoles
            from ur in userRoles.DefaultIfEmpty()
            join r in db.Roles on ur.RoleId equals r.Id into roles
            from r in roles.DefaultIfEmpty()
            orderby u.DisplayName
            select new { u.Id, u.DisplayName, u.Email, Role = r != null ? r.Name : null, u.DeactivatedAt, u.CreatedAt })
            .ToListAsync(ct);
        return members.Select(m => new TeamMemberResponse(m.Id, m.DisplayName, m.Email ?? "", m.Role ?? Roles.Viewer, m.DeactivatedAt is null, m.CreatedAt)).ToList();
    }

    public static async Task<Result<TeamMemberResponse>> ChangeRoleAsync(ParcoursDbContext db, UserManager<AppUser> users, Guid userId, string role, CancellationToken ct)
    {
        if (!Roles.IsKnown(role))
        {
            return new Error.Invalid("invalid_role", $"role must be one of {string.Join(", ", Roles.All)}.", "role");
        }

        var user = await FindAsync(db, userId, ct);
        if (user is null)
        {
            return Problems.NotFound("team_member", userId);
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && role != Roles.Admin && await ActiveAdminCountAsync(db, ct) <= 1)
        {
            return new Error.Conflict("last_admin", "The workspace needs at least one active admin.");
        }

        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        return (await ListAsync(db, ct)).Single(m => m.Id == userId);
    }

    /// <summary>Deactivation locks the user out at once (security stamp) and keeps their history.</summary>
    public static async Task<Result<TeamMemberResponse>> SetActiveAsync(ParcoursDbContext db, UserManager<AppUser> users, Guid userId, bool active, Guid actingUserId, TimeProvider clock, CancellationToken ct)
    {
        var user = await FindAsync(db, userId, ct);
        if (user is null)
        {
            return Problems.NotFound("team_member", userId);
        }

        if (!active && userId == actingUserId)
        {
            return new Error.Conflict("self_deactivation", "You cannot deactivate yourself.");
        }

        if (!active && await users.IsInRoleAsync(user, Roles.Admin) && await ActiveAdminCountAsync(db, ct) <= 1)
        {
            return new Error.Conflict("last_admin", "The workspace needs at least one active admin.");
        }

        user.DeactivatedAt = active ? null : clock.GetUtcNow().UtcDateTime;
        await users.SetLockoutEndDateAsync(user, active ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return (await ListAsync(db, ct)).Single(m => m.Id == userId);
    }

    private static Task<AppUser?> FindAsync(ParcoursDbContext db, Guid userId, CancellationToken ct)
    {
        var workspace = db.CurrentWorkspaceId;
        return db.Users.SingleOrDefaultAsync(u => u.WorkspaceId == workspace && u.Id == userId, ct);
    }

    private static Task<int> ActiveAdminCountAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var workspace = db.CurrentWorkspaceId;
        return (from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where u.WorkspaceId == workspace && u.DeactivatedAt == null && r.Name == Roles.Admin
                select u.Id).CountAsync(ct);
    }
}
