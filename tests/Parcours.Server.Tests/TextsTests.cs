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
        var pattern = new System.Text.RegularExpressions.Regex("""L(?:\["|\.Format\(")([A-Za-z0-9.]*[A-Za-z0-9])"[\],]""");
        var missing = Directory.EnumerateFiles(Path.GetFullPath(root), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Where(k => !Texts.Fr.ContainsKey(k)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryEnumValueAndRole_HasItsText()
    {
        var keys = new[] { typeof(Parcours.Domain.Accounts.AccountStatus), typeof(Parcours.Domain.Accounts.LifecycleStage), typeof(Parcours.Domain.Accounts.ChurnReason),
                typeof(Parcours.Domain.Accounts.StakeholderRole), typeof(Parcours.Domain.People.PersonKind), typeof(Parcours.Infrastructure.Imports.ImportKind),
                typeof(Parcours.Infrastructure.Imports.ImportStatus), typeof(Parcours.Infrastructure.Agenda.AgendaStatus),
                typeof(Parcours.Domain.Messaging.MessageChannel), typeof(Parcours.Domain.Messaging.MessageStatus), typeof(Parcours.Domain.Messaging.SolicitationReason),
                typeof(Parcours.Domain.Messaging.CapOverflow), typeof(Parcours.Infrastructure.Messaging.TeamTaskStatus) }
            .SelectMany(t => Enum.GetNames(t).Select(n => $"{t.Name}.{n}"))
            .Concat(Enum.GetNames<Parcours.Domain.Accounts.StakeholderRole>().SelectMany(r => new[] { $"risk.missing.{r}", $"circle.{r}.hint" }))
            .Concat(Parcours.Infrastructure.Identity.Roles.All.Select(r => $"role.{r}"));

        Assert.DoesNotContain(keys, k => !Texts.Fr.ContainsKey(k));
    }
}
