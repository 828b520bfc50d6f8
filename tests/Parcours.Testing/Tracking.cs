using Xunit;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Testing;

/// <summary>How the tests (server and browser) talk to the tracking API: a write key made through the REST API, raw JSON bodies, and the rows as stored.</summary>
public static class Tracking
{
    public static async Task<(string Key, string Id)> CreateWriteKeyAsync(TestWorkspace workspace, string name = "Web app")
    {
        var created = await (await workspace.Api().PostJsonAsync("/api/v1/write-keys", new { name })).AssertOkJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("key").GetString()!, created.GetProperty("writeKey").GetProperty("id").GetString()!);
    }

    /// <summary>Posts <paramref name="json"/> as-is, with the key as Basic-auth user name and an empty password (Segment's way) unless null.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? writeKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (writeKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{writeKey}:")));
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<List<RawEvent>> StoredAsync(ParcoursHost host, WorkspaceId workspace)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace);
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        return await db.Events.AsNoTracking().OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }
}
