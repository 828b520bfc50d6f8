using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Shared;

/// <summary>Enters the signed-in user's (or API key's) workspace into the request's scope, right after authentication.</summary>
public static class WorkspaceScopeMiddleware
{
    public static IApplicationBuilder UseWorkspaceScope(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (WorkspaceOf(context.User) is { } workspace)
            {
                context.RequestServices.GetRequiredService<WorkspaceScope>().Enter(workspace);
            }

            await next(context);
        });

    public static WorkspaceId? WorkspaceOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(Policies.WorkspaceClaim), out var id) ? new WorkspaceId(id) : null;
}

/// <summary>
/// An interactive Blazor circuit has its own DI scope, outside any HTTP request: this enters the circuit user's workspace
/// before the first component renders.
/// </summary>
public sealed class WorkspaceCircuitHandler(AuthenticationStateProvider authentication, WorkspaceScope scope) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (scope.Current is null && WorkspaceScopeMiddleware.WorkspaceOf(state.User) is { } workspace)
        {
            scope.Enter(workspace);
        }
    }
}
