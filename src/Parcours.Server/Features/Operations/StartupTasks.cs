using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Demo;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Team;

namespace Parcours.Server.Features.Operations;

/// <summary>What the demo banner prints: fresh credentials, since only hashes are stored.</summary>
public sealed record DemoCredentials(string AdminEmail, string Password, string ApiKey, string WriteKey, string? SampleUserId, int Accounts, int People);

/// <summary>Runs before the server listens: migrations, the four roles, and the demo workspace.</summary>
public static partial class StartupTasks
{
    public const string DemoApiKeyName = "Démo — clé de la bannière de démarrage";
    public const string DemoWriteKeyName = "Démo — clé d'écriture de la bannière de démarrage";

    public static async Task<DemoCredentials?> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ParcoursDbContext>();
        var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStartup)
        {
            await DatabaseSetup.MigrateAsync(db, ct);
        }

        await EnsureRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());

        var demo = provider.GetRequiredService<IOptions<DemoOptions>>().Value;
        return demo.Enabled ? await EnsureDemoAsync(provider, db, demo, ct) : null;
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() });
            }
        }
    }

    /// <summary>
    /// Creates the demo workspace on an empty database. At every start it then renews the demo admin's password and the
    /// banner's API key, so the console always shows credentials that work and the repository holds no secret.
    /// </summary>
    private static async Task<DemoCredentials?> EnsureDemoAsync(IServiceProvider provider, ParcoursDbContext db, DemoOptions demo, CancellationToken ct)
    {
        var clock = provider.GetRequiredService<TimeProvider>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
        var password = $"Demo-{Secrets.Random(12)}";
        var demoWorkspace = await db.Workspaces.Where(w => w.IsDemo).Select(w => (Guid?)w.Id.Value).FirstOrDefaultAsync(ct);
        if (demoWorkspace is null)
        {
            if (await db.Workspaces.AnyAsync(ct))
            {
                return null;
            }

            var started = clock.GetTimestamp();
            var generator = new DemoWorkspaceGenerator(clock, provider.GetRequiredService<IPasswordHasher<AppUser>>());
            var created = await generator.GenerateAsync(db, password, demo.Seed, ct);
            db.Scope.Enter(created.WorkspaceId);
            await ActivatorUtilities.CreateInstance<Playbooks.DemoPlaybooks>(provider).SeedAsync(db, demo.Seed, ct);
            await provider.GetRequiredService<Journeys.DemoSurveys>().SeedAsync(db, demo.Seed, ct);
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            Log.DemoCreated(logger, created.Accounts, created.People, seconds);
        }
        else
        {
            db.Scope.Enter(new Domain.Common.WorkspaceId(demoWorkspace.Value));
            var users = provider.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync(DemoWorkspaceGenerator.AdminEmail);
            if (admin is null)
            {
                return null;
            }

            admin.PasswordHash = users.PasswordHasher.HashPassword(admin, password);
            await users.UpdateAsync(admin);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiKeys.Where(k => k.Name == DemoApiKeyName && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        var key = await ApiKeys.CreateAsync(db, new ApiKeyRequest { Name = DemoApiKeyName, Role = Roles.Admin }, null, clock, ct);
        await db.WriteKeys.Where(k => k.Name == DemoWriteKeyName && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        var writeKey = await Ingestion.WriteKeys.CreateAsync(db, new Ingestion.WriteKeyRequest { Name = DemoWriteKeyName }, null, clock, ct);
        // A real demo user, so the banner's first event lands on a demo account's adoption panel.
        var sampleUser = await db.EventIdentities.Where(i => i.GroupId != null).OrderBy(i => i.Key).Select(i => i.UserId).FirstOrDefaultAsync(ct);
        var accounts = await db.Accounts.CountAsync(ct);
        var people = await db.People.CountAsync(ct);
        return new DemoCredentials(DemoWorkspaceGenerator.AdminEmail, password, key.Value.Key, writeKey.Value.Key, sampleUser, accounts, people);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Demo workspace created: {Accounts} accounts, {People} people in {Seconds:0.0} s")]
        public static partial void DemoCreated(ILogger logger, int accounts, int people, double seconds);
    }
}
