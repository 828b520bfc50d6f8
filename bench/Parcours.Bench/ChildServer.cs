using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parcours.Bench;

/// <summary><c>dotnet Parcours.Server.dll</c> with the given settings (as environment variables), started again after each kill.</summary>
internal sealed class ChildServer(string dll, IReadOnlyDictionary<string, string?> settings, Uri baseAddress)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's Release build, next to the bench's own output (artifacts/bin/Parcours.Server/release).</summary>
    public static string ServerDll()
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Parcours.Server", "release", "Parcours.Server.dll"));
        return File.Exists(dll)
            ? dll
            : throw new BenchFailure($"{dll} is missing: run the bench with -c Release (it builds the server in Release too).");
    }

    private Process? _process;
    private readonly Queue<string> _lastLines = new();

    /// <summary>Starts the server and waits for /readyz; returns the seconds it took.</summary>
    public async Task<double> StartAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = baseAddress.ToString().TrimEnd('/');
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        _process = Process.Start(start) ?? throw new BenchFailure("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.GetElapsedTime(started) < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new BenchFailure($"The server exited with code {_process.ExitCode}: {Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/readyz"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return clock.GetElapsedTime(started).TotalSeconds;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
        }

        throw new BenchFailure($"The server did not answer /readyz within {ReadyTimeout.TotalSeconds:0} s: {Tail()}");
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown hook runs, queued requests die with the process.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }
}
