using System.Net;
using Parcours.Infrastructure.Identity;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

public abstract class AccountsApiTests<THost>(THost host) where THost : ParcoursHost
{
    [Fact]
    public async Task Create_ValidAccount_ReturnsCreatedAndIsReadable()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Csm);

        var created = await (await api.PostJsonAsync("/api/v1/accounts", new
        {
            name = "Boulangeries Martin", domain = "https://www.Boulangeries-Martin.fr/contact", externalId = "CRM-1", segment = "PME",
            plan = "Pro", mrr = 1234.5m, lifecycleStage = "Adoption", startDate = "2025-01-15", renewalDate = "2026-01-15", tags = new[] { "Pilote", "pilote", "multi-sites" },
        })).AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("boulangeries-martin.fr", created.GetProperty("domain").GetString());
        Assert.Equal(14814m, created.GetProperty("arr").GetDecimal());
        Assert.Equal(["multi-sites", "pilote"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(created.GetProperty("stakeholderRisk").GetProperty("atRisk").GetBoolean());
        var id = created.GetProperty("id").GetString();
        var read = await (await api.GetAsync($"/api/v1/accounts/{id}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Boulangeries Martin", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_InvalidFields_ReturnsEveryErrorAndWritesNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();

        var problem = await (await api.PostJsonAsync("/api/v1/accounts", new
        {
            name = "Acme", domain = "not a domain", startDate = "2026-01-01", renewalDate = "2025-01-01", currency = "E1R",
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("domain", out _));
        Assert.True(errors.TryGetProperty("renewalDate", out _));
        Assert.True(errors.TryGetProperty("currency", out _));
        var list = await (await api.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Create_MissingName_Returns400ValidationProblem()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await workspace.Api().PostJsonAsync("/api/v1/accounts", new { domain = "acme.fr" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals("name", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400Problem()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await workspace.Api().PostAsync("/api/v1/accounts", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_WrongContentType_Returns415()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        using var content = new StringContent("name=Acme", System.Text.Encoding.UTF8, "text/plain");

        var response = await workspace.Api().PostAsync("/api/v1/accounts", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Create_DuplicateExternalId_Returns409()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "A", externalId = "X-1" })).AssertOkJsonAsync(HttpStatusCode.Created);

        var response = await api.PostJsonAsync("/api/v1/accounts", new { name = "B", externalId = "X-1" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "duplicate_external_id");
    }

    [Fact]
    public async Task List_SearchFilterSortAndPage_ReturnsMatchingPageAndTotal()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        foreach (var (name, segment, mrr) in new[] { ("Éditions Lumière", "PME", 100m), ("Editions Soleil", "ETI", 300m), ("Garage Dupont", "PME", 200m), ("Éditions Nuit", "PME", 50m) })
        {
            await (await api.PostJsonAsync("/api/v1/accounts", new { name, segment, mrr })).AssertOkJsonAsync(HttpStatusCode.Created);
        }

        var page = await (await api.GetAsync("/api/v1/accounts?search=editions&segment=PME&sort=-mrr&page=1&pageSize=1", TestContext.Current.CancellationToken)).AssertOkJsonAsync();

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal("Éditions Lumière", page.GetProperty("items")[0].GetProperty("name").GetString());
        var second = await (await api.GetAsync("/api/v1/accounts?search=editions&segment=PME&sort=-mrr&page=2&pageSize=1", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Éditions Nuit", second.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_PageSizeOverLimit_Returns400()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await workspace.Api().GetAsync("/api/v1/accounts?pageSize=5000", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Churn_ThenReactivate_RecordsAndClearsReason()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Manager);
        var id = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme", startDate = "2024-01-01" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var churned = await (await api.PostJsonAsync($"/api/v1/accounts/{id}/churn", new { churnedOn = "2026-02-01", reason = "Competitor", note = "Parti chez un concurrent moins cher" })).AssertOkJsonAsync();
        Assert.Equal("Churned", churned.GetProperty("status").GetString());
        Assert.Equal("Competitor", churned.GetProperty("churnReason").GetString());
        var churnedList = await (await api.GetAsync("/api/v1/accounts?status=Churned", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(1, churnedList.GetProperty("total").GetInt32());

        var active = await (await api.PostAsync($"/api/v1/accounts/{id}/reactivate", null, TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal("Active", active.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, active.GetProperty("churnReason").ValueKind);
    }

    [Fact]
    public async Task Delete_Account_IsSoftAndThen404()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Manager);
        var id = (await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme", externalId = "E-1" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/accounts/{id}", TestContext.Current.CancellationToken)).StatusCode);

        await (await api.GetAsync($"/api/v1/accounts/{id}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
        // The external id is free again for a new account.
        await (await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme again", externalId = "E-1" })).AssertOkJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await workspace.Api().GetAsync($"/api/v1/accounts/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    [Fact]
    public async Task Update_UnknownOwner_Returns400()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();

        var response = await api.PostJsonAsync("/api/v1/accounts", new { name = "Acme", ownerId = Guid.NewGuid() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "unknown_owner");
    }
}

public sealed class AccountsApiSqliteTests(SqliteHost host) : AccountsApiTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class AccountsApiPostgresTests(PostgresHost host) : AccountsApiTests<PostgresHost>(host), IClassFixture<PostgresHost>;
