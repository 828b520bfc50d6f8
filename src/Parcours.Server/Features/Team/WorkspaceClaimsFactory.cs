using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Identity;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Team;

/// <summary>Puts the user's workspace and display name into the sign-in cookie.</summary>
public sealed class WorkspaceClaimsFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Policies.WorkspaceClaim, user.WorkspaceId.ToString()));
        identity.AddClaim(new Claim("parcours:display_name", user.DisplayName));
        return identity;
    }
}
