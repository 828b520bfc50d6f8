using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Workspaces;

/// <summary>
/// The workspace the current request or job acts for. Set once by authentication (or by a job for its own workspace);
/// the DbContext reads it for its query filter and write guard. Empty means "no workspace": queries see nothing.
/// </summary>
public sealed class WorkspaceScope
{
    public WorkspaceId? Current { get; private set; }

    public void Enter(WorkspaceId workspaceId)
    {
        if (Current is { } existing && existing != workspaceId)
        {
            throw new InvalidOperationException("A scope cannot change workspace once entered.");
        }

        Current = workspaceId;
    }
}
