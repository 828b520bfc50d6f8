using Parcours.Server.Features.Shared;

namespace Parcours.Server.Tests;

public sealed class TextsTests
{
    [Fact]
    public void French_HasEveryEnglishKey_AndNoEmptyText()
    {
        Assert.Equal(Texts.En.Keys.Order(), Texts.Fr.Keys.Order());
        Assert.DoesNotContain(Texts.Fr, t => string.IsNullOrWhiteSpace(t.Value));
    }

    [Fact]
    public void EveryKeyUsedInPages_Exists()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "src", "Parcours.Server");
        var pattern = new System.Text.RegularExpressions.Regex("""L(?:\["|\.Format\(")([A-Za-z0-9.]+)""");
        var missing = Directory.EnumerateFiles(Path.GetFullPath(root), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Where(k => !Texts.Fr.ContainsKey(k)).ToList();

        Assert.Empty(missing);
    }
}
