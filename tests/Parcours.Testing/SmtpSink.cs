using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Parcours.Testing;

public sealed record ReceivedEmail(string? MessageId, string? From, string[] To, string? Subject, string? Text, string? Html, string[]? RawHeaders = null)
{
    /// <summary>The value of a header as it arrived (unfolded), or null.</summary>
    public string? Header(string name) =>
        RawHeaders?.Select(h => h.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal))
            .Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[(name.Length + 1)..].Trim()).FirstOrDefault();
}

/// <summary>
/// A real SMTP server (npm smtp-server, in tests/smtp-sink) run as a child process. Messages arrive as JSON lines on its
/// output; tests wait for them with a timeout, never a sleep.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _arrived = new(0);

    private SmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedEmail> Received => [.. _received];

    public static async Task<SmtpSink> StartAsync()
    {
        var folder = NodeTool.FindFolder("smtp-sink", "smtp-sink.js");
        await NodeTool.EnsureInstalledAsync(folder, "smtp-server");

        var process = Process.Start(new ProcessStartInfo("node", "smtp-sink.js 0")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start.");
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException($"The SMTP sink stopped: {await process.StandardError.ReadToEndAsync()}");
        var sink = new SmtpSink(process, int.Parse(first["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        _ = sink.ReadAsync();
        return sink;
    }

    /// <summary>Skips (or fails, in CI) when Node.js is missing: the SMTP tests need it to run a real server.</summary>
    public static void RequireNode() =>
        NodeTool.Require("SMTP tests run a real SMTP server from npm and need Node.js (apt-get install nodejs npm; .ci/run does).");

    public async Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, TimeSpan timeout)
    {
        // A real server on real time: the deadline is measured with a stopwatch, not the (banned) wall clock.
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (_received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            var left = timeout - elapsed.Elapsed;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No matching email within {timeout}; received: {string.Join(", ", _received.Select(r => r.Subject))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _arrived.Dispose();
        await Task.CompletedTask;
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (JsonSerializer.Deserialize<ReceivedEmail>(line, Json) is { } email)
            {
                _received.Enqueue(email);
                _arrived.Release();
            }
        }
    }
}
