using System.Net;
using System.Net.Http.Headers;
using Parcours.Infrastructure.Identity;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

public abstract class AccessTests<THost>(THost host) where THost : ParcoursHost
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer nonsense")]
    [InlineData("Bearer prc_aaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Api_MissingOrUnknownKey_Returns401Problem(string? authorization)
    {
        host.RequireAvailable();
        var client = host.App.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Api_RevokedKey_StopsWorkingAtOnce()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var admin = workspace.Api();
        var created = await (await admin.PostJsonAsync("/api/v1/api-keys", new { name = "Temp", role = "Viewer" })).AssertOkJsonAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString();
        var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);

        await (await admin.DeleteAsync($"/api/v1/api-keys/{created.GetProperty("apiKey").GetProperty("id").GetString()}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();

        await (await client.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKeys_AreStoredHashedAndListedWithoutSecret()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var list = await (await workspace.Api().GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken)).AssertOkJsonAsync();

        var raw = list.GetRawText();
        Assert.DoesNotContain(workspace.KeyFor(Roles.Viewer), raw, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.KeyFor(Roles.Viewer)[15..], raw, StringComparison.Ordinal);
        Assert.Equal(4, list.GetArrayLength());
    }

    [Fact]
    public async Task Viewer_CannotWrite()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await workspace.Api(Roles.Viewer).PostJsonAsync("/api/v1/accounts", new { name = "Acme" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Csm_CannotDeleteNorManageKeys()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var id = (await (await workspace.Api().PostJsonAsync("/api/v1/accounts", new { name = "Acme" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var csm = workspace.Api(Roles.Csm);

        await (await csm.DeleteAsync($"/api/v1/accounts/{id}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await csm.GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cockpit_Anonymous_RedirectsToLogin()
    {
        host.RequireAvailable();
        var client = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/accounts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_CookieUserWithoutKey_IsRefused()
    {
        host.RequireAvailable();
        var client = host.App.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "parcours.auth=forged");

        var response = await client.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_ThroughTheForm_OpensTheCockpit_AndSignOutNeedsTheAntiforgeryToken()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var client = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Test-Client-Address", $"10.3.{Random.Shared.Next(255)}.{Random.Shared.Next(255)}");

        var signIn = await LoginForm.PostAsync(client, workspace.Admin.Email!, workspace.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", TestContext.Current.CancellationToken)).StatusCode);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccount()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var client = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Test-Client-Address", $"10.1.{Random.Shared.Next(255)}.{Random.Shared.Next(255)}");

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await LoginForm.PostAsync(client, workspace.Admin.Email!, "wrong-password-123");
            Assert.Contains("incorrect", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        var fifth = await LoginForm.PostAsync(client, workspace.Admin.Email!, "wrong-password-123");
        Assert.Contains("verrouill", await fifth.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var right = await LoginForm.PostAsync(client, workspace.Admin.Email!, workspace.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("verrouill", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_TooManyAttemptsFromOneAddress_Returns429()
    {
        host.RequireAvailable();
        var client = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Test-Client-Address", $"10.2.{Random.Shared.Next(255)}.{Random.Shared.Next(255)}");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 12; attempt++)
        {
            statuses.Add((await LoginForm.PostAsync(client, $"nobody{attempt}@example.fr", "whatever-password")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }

    [Fact]
    public async Task Health_IsAnonymousAndReady()
    {
        host.RequireAvailable();
        var client = host.App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("Healthy", await (await client.GetAsync("/readyz", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoginPage_CarriesSecurityHeaders()
    {
        host.RequireAvailable();

        var response = await host.App.CreateClient().GetAsync("/account/login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

public sealed class AccessSqliteTests(SqliteHost host) : AccessTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class AccessPostgresTests(PostgresHost host) : AccessTests<PostgresHost>(host), IClassFixture<PostgresHost>;
