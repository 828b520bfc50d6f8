using System.Diagnostics;

namespace Parcours.Server.Tests.Ingestion;

/// <summary>
/// Runs the real <c>@segment/analytics-node</c> (tests/segment-client, installed with <c>npm ci</c> on first use) against a
/// Parcours address. Skips when Node.js is missing, and fails instead in CI, where it must run.
/// </summary>
public static class SegmentNodeClient
{
    public static void RequireNode()
    {
        if (FindOnPath("node") is null || FindOnPath("npm") is null)
        {
            const string reason = "The Segment client test runs @segment/analytics-node from npm and needs Node.js (apt-get install nodejs npm; .ci/run does).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }
    }

    /// <summary>Sends an identify and a track for <paramref name="userId"/> and flushes; returns the script's output, or throws with its errors.</summary>
    public static async Task<string> SendAsync(Uri host, string writeKey, string userId)
    {
        var folder = FindFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "@segment", "analytics-node", "package.json")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], folder);
        }

        return await RunAsync("node", ["send.js", host.ToString().TrimEnd('/'), writeKey, userId], folder);
    }

    private static async Task<string> RunAsync(string file, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments[..1])} failed ({process.ExitCode}): {await errors}");
        }

        return await output;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "segment-client");
            if (File.Exists(Path.Combine(candidate, "send.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/segment-client not found above the test binaries.");
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, tool)).FirstOrDefault(File.Exists);
}
