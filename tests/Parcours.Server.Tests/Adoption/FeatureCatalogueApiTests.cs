using System.Net;
using Parcours.Testing;

namespace Parcours.Server.Tests.Adoption;

/// <summary>The catalogue is saved all or nothing, and a refusal names every wrong row so the settings form can mark them.</summary>
public sealed class FeatureCatalogueApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task ReplaceFeatures_SeveralBadRows_Returns400WithEachRowsField_AndKeepsTheOldCatalogue()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        await (await api.PutJsonAsync("/api/v1/adoption/features", new[] { new { name = "Rapports", pattern = "Report *", kind = "Sticky", weight = 5 } })).AssertOkJsonAsync();

        var problem = await (await api.PutJsonAsync("/api/v1/adoption/features", new[]
        {
            new { name = "Factures", pattern = "Invoice *", kind = "Basic", weight = 2 },
            new { name = "Exports", pattern = " ", kind = "Basic", weight = 2 },
            new { name = "", pattern = "Share *", kind = "Basic", weight = 11 },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["[1].pattern", "[2].name", "[2].weight"], fields);
        var kept = await (await api.GetAsync("/api/v1/adoption/features", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Rapports", Assert.Single(kept.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReplaceFeatures_DuplicateName_NamesTheLaterRow()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var problem = await (await workspace.Api().PutJsonAsync("/api/v1/adoption/features", new[]
        {
            new { name = "Rapports", pattern = "Report *", kind = "Sticky", weight = 5 },
            new { name = "rapports", pattern = "Dashboard *", kind = "Basic", weight = 1 },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["[1].name"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
