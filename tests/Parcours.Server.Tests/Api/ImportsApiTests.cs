using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Parcours.Infrastructure.Identity;
using Parcours.Testing;

namespace Parcours.Server.Tests.Api;

public abstract class ImportsApiTests<THost>(THost host) where THost : ParcoursHost
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private const string FrenchAccounts =
        "Raison sociale;Code client;Domaine;Segment;MRR;Date de début\r\n" +
        "\"Crèmerie du Marché; Lyon\";C-001;cremerie-lyon.fr;PME;\"1 234,50 €\";15/01/2025\r\n" +
        "\"Atelier \"\"Numérique\"\"\nde Lyon\";C-002;atelier-numerique.fr;TPE;79;01/03/2024\r\n";

    [Fact]
    public async Task Import_FrenchExcelFile_PreviewsThenImportsAndASecondImportChangesNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api(Roles.Csm);

        var preview = await (await UploadAsync(api, "Accounts", Windows1252.GetBytes(FrenchAccounts))).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("windows-1252", preview.GetProperty("encoding").GetString());
        Assert.Equal(";", preview.GetProperty("delimiter").GetString());
        Assert.Equal("Raison sociale", preview.GetProperty("mapping").GetProperty("name").GetString());
        Assert.Equal("Crèmerie du Marché; Lyon", preview.GetProperty("sampleRows")[0][0].GetString());
        var first = await RunAsync(api, preview);

        Assert.True(first.GetProperty("status").GetString() == "Succeeded", first.GetRawText());
        Assert.Equal(2, first.GetProperty("created").GetInt32());
        var account = (await (await api.GetAsync("/api/v1/accounts?search=cremerie", TestContext.Current.CancellationToken)).AssertOkJsonAsync()).GetProperty("items")[0];
        Assert.Equal(1234.5m, account.GetProperty("mrr").GetDecimal());
        Assert.Equal("2025-01-15", account.GetProperty("startDate").GetString());

        var second = await RunAsync(api, await (await UploadAsync(api, "Accounts", Windows1252.GetBytes(FrenchAccounts))).AssertOkJsonAsync(HttpStatusCode.Created));
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(0, second.GetProperty("updated").GetInt32());
        Assert.Equal(2, second.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Import_InvalidRows_IsRejectedWithARowReportAndWritesNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        var csv = "name,externalId,domain,startDate\nGood,G-1,good.fr,2025-01-01\n,G-2,nameless.fr,2025-01-01\nBad date,G-3,bad.fr,31/02/2024\n";

        var report = await RunAsync(api, await (await UploadAsync(api, "Accounts", Encoding.UTF8.GetBytes(csv))).AssertOkJsonAsync(HttpStatusCode.Created));

        Assert.Equal("Rejected", report.GetProperty("status").GetString());
        var rows = report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).ToList();
        Assert.Equal([3, 4], rows);
        var list = await (await api.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns400()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        using var content = new StringContent("name\nAcme\n", Encoding.UTF8, "text/csv");

        var response = await workspace.Api().PostAsync("/api/v1/imports?kind=Accounts", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "wrong_content_type");
    }

    [Fact]
    public async Task Upload_BinaryFile_Returns400AndKeepsNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await UploadAsync(workspace.Api(), "Accounts", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_MappingWithoutRequiredField_Returns400()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        var preview = await (await UploadAsync(api, "Accounts", Encoding.UTF8.GetBytes("Société,Code\nAcme,A-1\n"))).AssertOkJsonAsync(HttpStatusCode.Created);

        var response = await api.PostJsonAsync($"/api/v1/imports/{preview.GetProperty("id").GetString()}/start", new { mapping = new { externalId = "Code" } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Viewer_CannotImport()
    {
        var workspace = await TestWorkspace.CreateAsync(host);

        var response = await UploadAsync(workspace.Api(Roles.Viewer), "Accounts", Encoding.UTF8.GetBytes("name\nAcme\n"));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Export_ThenReimport_ChangesNothing()
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var api = workspace.Api();
        await RunAsync(api, await (await UploadAsync(api, "Accounts", Windows1252.GetBytes(FrenchAccounts))).AssertOkJsonAsync(HttpStatusCode.Created));

        var exported = await api.GetByteArrayAsync("/api/v1/accounts/export", TestContext.Current.CancellationToken);
        var again = await RunAsync(api, await (await UploadAsync(api, "Accounts", exported)).AssertOkJsonAsync(HttpStatusCode.Created));

        Assert.Equal("Succeeded", again.GetProperty("status").GetString());
        Assert.True(again.GetProperty("unchanged").GetInt32() == 2, again.GetRawText());
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient api, string kind, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "comptes.csv");
        return await api.PostAsync($"/api/v1/imports?kind={kind}", form, TestContext.Current.CancellationToken);
    }

    /// <summary>Starts with the suggested mapping and polls the job until it ends (20 s at most).</summary>
    private static async Task<JsonElement> RunAsync(HttpClient api, JsonElement preview)
    {
        var id = preview.GetProperty("id").GetString();
        var mapping = preview.GetProperty("mapping").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        await (await api.PostJsonAsync($"/api/v1/imports/{id}/start", new { mapping })).AssertOkJsonAsync();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            var job = await (await api.GetAsync($"/api/v1/imports/{id}", TestContext.Current.CancellationToken)).AssertOkJsonAsync();
            if (job.GetProperty("status").GetString() is not ("Queued" or "Running"))
            {
                return job;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Import {id} did not finish within 20 s.");
    }
}

public sealed class ImportsApiSqliteTests(SqliteHost host) : ImportsApiTests<SqliteHost>(host), IClassFixture<SqliteHost>;

public sealed class ImportsApiPostgresTests(PostgresHost host) : ImportsApiTests<PostgresHost>(host), IClassFixture<PostgresHost>;
