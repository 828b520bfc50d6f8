namespace Parcours.Domain.Common;

/// <summary>Data that belongs to one workspace. The data layer filters every query on it and refuses cross-workspace writes.</summary>
public interface ITenantOwned
{
    WorkspaceId WorkspaceId { get; }
}
