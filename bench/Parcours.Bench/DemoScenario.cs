using Microsoft.AspNetCore.Identity;
using Parcours.Infrastructure.Demo;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Operations;

namespace Parcours.Bench;

/// <summary>
/// What a new user waits for at first start: <see cref="DemoWorkspaceGenerator"/> writing the demo workspace into a fresh
/// migrated database (roles created first, as the start-up tasks do). The first generation in the process pays for the JIT
/// and EF's model building; it is reported in the note, and the runs after it are the measure.
/// </summary>
internal sealed class DemoScenario : IScenario
{
    public string Name => "demo";

    public string Description => "time to generate the demo workspace";

    public async Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var hasher = new PasswordHasher<AppUser>();
        var cold = await GenerateAsync(target, hasher, ct);
        var runs = new List<(double Seconds, double HashingSeconds)>();
        for (var i = 1; i <= options.Runs; i++)
        {
            Progress.Write($"demo / {target.Name}: run {i} of {options.Runs}");
            runs.Add(await GenerateAsync(target, hasher, ct));
        }

        return
        [
            new("demo", target.Name, "demo workspace generation", "s", runs.ConvertAll(r => r.Seconds),
                $"first run in the process (cold JIT and EF model): {cold.Seconds:0.00} s"),
            new("demo", target.Name, "of which hashing the team's passwords", "s", runs.ConvertAll(r => r.HashingSeconds),
                "Identity's default PBKDF2, as the generator uses"),
        ];
    }

    private static async Task<(double Seconds, double HashingSeconds)> GenerateAsync(
        BenchTarget target, IPasswordHasher<AppUser> hasher, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(target, ct);
        await using (var setup = database.CreateContext(new WorkspaceScope()))
        {
            foreach (var role in Roles.All)
            {
                setup.Roles.Add(new IdentityRole<Guid>(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
            }

            await setup.SaveChangesAsync(ct);
        }

        var counting = new CountingHasher(hasher);
        var clock = TimeProvider.System;
        await using var db = database.CreateContext(new WorkspaceScope());
        var started = clock.GetTimestamp();
        var demo = await new DemoWorkspaceGenerator(clock, counting).GenerateAsync(db, "Bench-password-42", new DemoOptions().Seed, ct);
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        if (demo.Accounts == 0 || demo.People == 0)
        {
            throw new BenchFailure($"The demo workspace came out empty: {demo}.");
        }

        return (seconds, counting.Elapsed.TotalSeconds);
    }

    /// <summary>The real hasher, timed: the generator hashes one password per team member.</summary>
    private sealed class CountingHasher(IPasswordHasher<AppUser> inner) : IPasswordHasher<AppUser>
    {
        public TimeSpan Elapsed { get; private set; }

        public string HashPassword(AppUser user, string password)
        {
            var started = TimeProvider.System.GetTimestamp();
            var hash = inner.HashPassword(user, password);
            Elapsed += TimeProvider.System.GetElapsedTime(started);
            return hash;
        }

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword) =>
            inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
