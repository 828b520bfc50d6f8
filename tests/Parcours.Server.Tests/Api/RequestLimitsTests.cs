using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

/// <summary>Body limits are enforced by Kestrel, so these run on a real socket with a small import limit.</summary>
public sealed class LimitsHost() : ParcoursHost(Infrastructure.Persistence.DatabaseProvider.Sqlite, realServer: true)
{
    protected override Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Imports:MaxFileBytes"] = "4096" });
}

public sealed class RequestLimitsTests(LimitsHost host) : IClassFixture<LimitsHost>
{
    [Fact]
    public async Task Api_JsonBodyOverOneMegabyte_Returns413()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        using var content = new StringContent($"{{\"name\":\"{new string('a', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json");

        var response = await Client(workspace).PostAsync("/api/v1/accounts", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Import_FileOverTheConfiguredLimit_IsRefused()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("name\n" + string.Concat(Enumerable.Repeat("Un nom de compte assez long\n", 400))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");

        var response = await Client(workspace).PostAsync("/api/v1/imports?kind=Accounts", form, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "file_too_large");
    }

    private HttpClient Client(TestWorkspace workspace)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", workspace.KeyFor(Infrastructure.Identity.Roles.Admin));
        return client;
    }
}
