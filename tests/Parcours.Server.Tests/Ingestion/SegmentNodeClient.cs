using Parcours.Testing;

namespace Parcours.Server.Tests.Ingestion;

/// <summary>
/// Runs the real <c>@segment/analytics-node</c> (tests/segment-client, installed with <c>npm ci</c> on first use) against a
/// Parcours address. Skips when Node.js is missing, and fails instead in CI, where it must run.
/// </summary>
public static class SegmentNodeClient
{
    public static void RequireNode() =>
        NodeTool.Require("The Segment client test runs @segment/analytics-node from npm and needs Node.js (apt-get install nodejs npm; .ci/run does).");

    /// <summary>Sends an identify and a track for <paramref name="userId"/> and flushes; returns the script's output, or throws with its errors.</summary>
    public static async Task<string> SendAsync(Uri host, string writeKey, string userId)
    {
        var folder = NodeTool.FindFolder("segment-client", "send.js");
        await NodeTool.EnsureInstalledAsync(folder, Path.Combine("@segment", "analytics-node"));
        return await NodeTool.RunAsync("node", ["send.js", host.ToString().TrimEnd('/'), writeKey, userId], folder, TimeSpan.FromMinutes(2));
    }
}
