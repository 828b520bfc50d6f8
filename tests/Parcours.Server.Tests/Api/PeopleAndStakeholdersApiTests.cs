using System.Net;
using Parcours.Infrastructure.Identity;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

public abstract class PeopleAndStakeholdersApiTests<THost>(THost host) where THost : ParcoursHost
{
    [Fact]
    public async Task CreatePerson_NormalisesAndSearchesByAccentlessName()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Csm);

        var created = await (await api.PostJsonAsync("/api/v1/people", new
        {
            firstName = "Élodie", lastName = "Bérard", email = "Elodie.Berard@Example.FR", phone = "06 12 34 56 78", locale = "fr-FR",
        })).AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("elodie.berard@example.fr", created.GetProperty("email").GetString());
        Assert.Equal("0612345678", created.GetProperty("phone").GetString());
        Assert.Equal("fr", created.GetProperty("locale").GetString());
        Assert.Equal("Europe/Paris", created.GetProperty("timeZone").GetString());
        var found = await (await api.GetAsync("/api/v1/people?search=elodie", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(1, found.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreatePerson_DuplicateEmail_Returns409()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        await (await api.PostJsonAsync("/api/v1/people", new { firstName = "A", lastName = "B", email = "a@b.fr" })).AssertOkJsonAsync(HttpStatusCode.Created);

        var response = await api.PostJsonAsync("/api/v1/people", new { firstName = "C", lastName = "D", email = "A@B.fr" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "duplicate_email");
    }

    [Fact]
    public async Task CreatePerson_BadEmailAndTimeZone_ReportsBoth()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var problem = await (await workspace.Api().PostJsonAsync("/api/v1/people", new { firstName = "A", lastName = "B", email = "nope", timeZone = "Mars/Olympus" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _));
    }

    [Fact]
    public async Task StakeholderMap_FillingTheThreeCircles_ClearsTheRisk()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Csm);
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var sponsor = await PersonAsync(api, "dg@acme.fr");

        var single = await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{sponsor}", new { role = "EconomicDecisionMaker", isSponsor = true, motivations = "ROI en 6 mois" })).AssertOkJsonAsync();
        Assert.True(single.GetProperty("risk").GetProperty("singleSponsor").GetBoolean());
        Assert.Equal(["EndUser", "TechnicalInfluencer"], single.GetProperty("risk").GetProperty("missingRoles").EnumerateArray().Select(r => r.GetString()));

        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{await PersonAsync(api, "adv@acme.fr")}", new { role = "EndUser" })).AssertOkJsonAsync();
        var full = await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{await PersonAsync(api, "dsi@acme.fr")}", new { role = "TechnicalInfluencer", personalKpis = "Zéro incident de sécurité" })).AssertOkJsonAsync();

        Assert.False(full.GetProperty("risk").GetProperty("atRisk").GetBoolean());
        Assert.Equal(3, full.GetProperty("stakeholders").GetArrayLength());
        var atRisk = await (await api.GetAsync("/api/v1/accounts?atRisk=true", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(0, atRisk.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task DeletePerson_RemovesThemFromMapsAndRaisesRisk()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Manager);
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var dsi = await PersonAsync(api, "dsi@acme.fr");
        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{await PersonAsync(api, "dg@acme.fr")}", new { role = "EconomicDecisionMaker", isSponsor = true })).AssertOkJsonAsync();
        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{await PersonAsync(api, "adv@acme.fr")}", new { role = "EndUser" })).AssertOkJsonAsync();
        await (await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{dsi}", new { role = "TechnicalInfluencer" })).AssertOkJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/people/{dsi}", TestContext.Current.CancellationToken)).StatusCode);

        var map = await (await api.GetAsync($"/api/v1/accounts/{account}/stakeholders", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(["TechnicalInfluencer"], map.GetProperty("risk").GetProperty("missingRoles").EnumerateArray().Select(r => r.GetString()));
        await (await api.GetAsync($"/api/v1/people/{dsi}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SetStakeholder_UnknownPerson_Returns404()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        var account = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var response = await api.PutJsonAsync($"/api/v1/accounts/{account}/stakeholders/{Guid.NewGuid()}", new { role = "EndUser" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "person_not_found");
    }

    private static async Task<string> PersonAsync(HttpClient api, string email) =>
        (await (await api.PostJsonAsync("/api/v1/people", new { firstName = "Prénom", lastName = email.Split('@')[0], email })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
}

public sealed class PeopleAndStakeholdersApiSqliteTests(SqliteHost host) : PeopleAndStakeholdersApiTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class PeopleAndStakeholdersApiPostgresTests(PostgresHost host) : PeopleAndStakeholdersApiTests<PostgresHost>(host), IClassFixture<PostgresHost>;
