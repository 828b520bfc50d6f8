using Xunit;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Team;

namespace Parcours.Testing;

/// <summary>A fresh workspace with one API key per role, built through the same code the cockpit uses.</summary>
public sealed class TestWorkspace
{
    private readonly ParcoursHost _host;
    private readonly Dictionary<string, string> _keys;

    private TestWorkspace(ParcoursHost host, Workspace workspace, Dictionary<string, string> keys, AppUser admin, string adminPassword)
    {
        _host = host;
        Workspace = workspace;
        _keys = keys;
        Admin = admin;
        AdminPassword = adminPassword;
    }

    public Workspace Workspace { get; }

    public AppUser Admin { get; }

    public string AdminPassword { get; }

    public string KeyFor(string role) => _keys[role];

    public static async Task<TestWorkspace> CreateAsync(ParcoursHost host, string name = "Test workspace")
    {
        host.RequireAvailable();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
        var workspace = Workspace.Create(name, false, host.Clock).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace.Id);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var password = "Correct-Horse-42";
        var admin = new AppUser
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspace.Id,
            UserName = $"admin-{workspace.Id.Value:N}@test.parcours",
            Email = $"admin-{workspace.Id.Value:N}@test.parcours",
            EmailConfirmed = true,
            DisplayName = "Alice Admin",
            CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(admin, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);

        var keys = new Dictionary<string, string>();
        foreach (var role in Roles.All)
        {
            var key = await ApiKeys.CreateAsync(db, new ApiKeyRequest { Name = $"{role} key", Role = role }, admin.Id, host.Clock, CancellationToken.None);
            keys[role] = key.Value.Key;
        }

        return new TestWorkspace(host, workspace, keys, admin, password);
    }

    public HttpClient Api(string role = Roles.Admin)
    {
        var client = _host.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyFor(role));
        return client;
    }
}
