using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Parcours.Testing;

/// <summary>
/// The Node.js programs the tests run for real (an SMTP server, the Segment client): where they are, whether Node.js is
/// here, and their npm install, done once even when many fixtures and test processes ask at the same moment.
/// </summary>
public static class NodeTool
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Installs = new(StringComparer.Ordinal);

    /// <summary>Skips (or fails, in CI, where it must run) when Node.js or npm is missing.</summary>
    public static void Require(string reason)
    {
        if (FindOnPath("node") is not null && FindOnPath("npm") is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }

    /// <summary>The folder <c>tests/{name}</c> above the test binaries, recognised by one of its files.</summary>
    public static string FindFolder(string name, string marker)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", name);
            if (File.Exists(Path.Combine(candidate, marker)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/{name} not found above the test binaries.");
    }

    /// <summary>
    /// Runs <c>npm ci</c> in <paramref name="folder"/> unless <paramref name="installedPackage"/> is there already. One
    /// install per folder per process, and a lock file across processes: <c>npm ci</c> starts by deleting node_modules, so
    /// two of them at once on a fresh clone break each other (seen in CI, where npm's cache is cold and installs are slow).
    /// </summary>
    public static Task EnsureInstalledAsync(string folder, string installedPackage) =>
        Installs.GetOrAdd(folder, f => new Lazy<Task>(() => InstallAsync(f, installedPackage))).Value;

    /// <summary>Runs a program to its end and returns its output, or throws with its errors.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList.Take(1))} failed ({process.ExitCode}): {await errors}");
        }

        return await output;
    }

    private static async Task InstallAsync(string folder, string installedPackage)
    {
        var installed = Path.Combine(folder, "node_modules", installedPackage, "package.json");
        if (File.Exists(installed))
        {
            return;
        }

        await using var crossProcess = await LockAsync(Path.Combine(folder, ".npm-install.lock"));
        if (!File.Exists(installed))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], folder, TimeSpan.FromMinutes(5));
        }
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                // Another test process is installing: polling a lock file is the portable way to wait for it.
                await Task.Delay(200);
            }
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, tool)).FirstOrDefault(File.Exists);
}
