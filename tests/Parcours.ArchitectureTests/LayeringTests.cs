using System.Reflection;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;

namespace Parcours.ArchitectureTests;

/// <summary>Server → Infrastructure → Domain, never the other way; the domain depends on nothing but the BCL.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Domain = typeof(Error).Assembly;
    private static readonly Assembly Infrastructure = typeof(ParcoursDbContext).Assembly;
    private static readonly Assembly Server = typeof(Program).Assembly;

    [Fact]
    public void Domain_ReferencesOnlyTheBaseLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"Domain references {name}"));
    }

    [Fact]
    public void Infrastructure_DoesNotReferenceServer()
    {
        Assert.DoesNotContain(Infrastructure.GetReferencedAssemblies(), a => a.Name == Server.GetName().Name);
    }

    [Fact]
    public void DomainEntities_HaveNoPublicSetters()
    {
        var leaky = Domain.GetTypes()
            .Where(t => t.IsClass && t.Namespace?.StartsWith("Parcours.Domain", StringComparison.Ordinal) == true && !IsRecord(t))
            .SelectMany(t => t.GetProperties().Where(p => p.SetMethod?.IsPublic == true).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.Empty(leaky);
    }

    [Fact]
    public void TenantEntities_AreFilteredByTheDbContext()
    {
        var tenantTypes = Domain.GetTypes().Concat(Infrastructure.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITenantOwned).IsAssignableFrom(t)).ToList();
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        foreach (var type in tenantTypes)
        {
            var entity = db.Model.FindEntityType(type);
            Assert.NotNull(entity);
            Assert.Contains(entity.GetDeclaredQueryFilters(), f => f.Key == ParcoursDbContext.TenantFilter);
            Assert.Equal(nameof(ITenantOwned.WorkspaceId), entity.FindPrimaryKey()!.Properties[0].Name);
        }
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
