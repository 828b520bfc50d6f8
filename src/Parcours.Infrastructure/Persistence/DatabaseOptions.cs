using System.ComponentModel.DataAnnotations;

namespace Parcours.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>Section "Database". The connection string itself is <c>ConnectionStrings:Parcours</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Parcours";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite file (and of uploaded files) when no connection string is given.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations at start-up. Turn off only where migrations are run by a deployment step.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
