namespace Parcours.Server.Features.Operations;

/// <summary>Section "Demo". On by default so a fresh clone shows a living workspace; turn off in production.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Create the demo workspace at first start when the database has no workspace.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The seed of the generator: the same seed gives the same workspace.</summary>
    public int Seed { get; set; } = 20260301;
}
