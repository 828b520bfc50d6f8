namespace Parcours.Infrastructure.Identity;

/// <summary>The four roles of a workspace, from most to least powerful.</summary>
public static class Roles
{
    /// <summary>Everything, including the team, API keys and workspace settings.</summary>
    public const string Admin = "Admin";

    /// <summary>Runs the customer base: edits and deletes accounts and people, imports, sees every account.</summary>
    public const string Manager = "Manager";

    /// <summary>Works the accounts: edits accounts, people and stakeholder maps, imports; cannot delete or manage the team.</summary>
    public const string Csm = "CSM";

    /// <summary>Reads everything, changes nothing.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Csm, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
