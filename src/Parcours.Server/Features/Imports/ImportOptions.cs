using System.ComponentModel.DataAnnotations;

namespace Parcours.Server.Features.Imports;

/// <summary>Section "Imports".</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Imports";

    /// <summary>Largest CSV accepted: 100,000 accounts with every column fit in about 25 MB.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Where uploaded files wait for their import; relative paths are under Database:DataDirectory.</summary>
    [Required]
    public string Folder { get; set; } = "imports";
}
