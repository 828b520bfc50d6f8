using Parcours.Domain.Common;

namespace Parcours.Domain.Workspaces;

/// <summary>A tenant: one company's team and everything it manages. Every other table hangs off a workspace id.</summary>
public sealed class Workspace
{
    private Workspace()
    {
        Name = "";
    }

    public WorkspaceId Id { get; private set; }

    public string Name { get; private set; }

    public bool IsDemo { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static Result<Workspace> Create(string? name, bool isDemo, TimeProvider clock)
    {
        var clean = Values.RequiredText("name", name, Values.MaxNameLength);
        if (clean.Error is { } error)
        {
            return error;
        }

        return new Workspace
        {
            Id = NewId.Next<WorkspaceId>(clock),
            Name = clean.Value,
            IsDemo = isDemo,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
    }
}
