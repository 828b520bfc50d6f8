using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Parcours.Server.Features.Operations;

/// <summary>The first thing a new user reads: where to click, how to sign in, how to call the API.</summary>
public static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app, DemoCredentials? demo, TimeSpan startup)
    {
        if (app.Environment.IsEnvironment("Testing"))
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault()?.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal) ?? "http://localhost:5080";
            var text = new StringBuilder()
                .AppendLine()
                .AppendLine("  ╭──────────────────────────────────────────────────────────────────────╮")
                .AppendLine("    Parcours is running")
                .AppendLine($"    Cockpit      {url}")
                .AppendLine($"    API docs     {url}/scalar")
                .AppendLine($"    Started in   {startup.TotalSeconds:0.0} s");
            if (demo is not null)
            {
                text.AppendLine()
                    .AppendLine($"    Demo workspace: {demo.Accounts} accounts, {demo.People} people")
                    .AppendLine($"    Sign in      {demo.AdminEmail}")
                    .AppendLine($"    Password     {demo.Password}   (renewed at every start)")
                    .AppendLine($"    API key      {demo.ApiKey}")
                    .AppendLine()
                    .AppendLine($"    curl -H \"Authorization: Bearer {demo.ApiKey}\" \"{url}/api/v1/accounts?pageSize=5\"")
                    .AppendLine()
                    .AppendLine($"    Write key    {demo.WriteKey}   (usage events, Segment-compatible)")
                    .AppendLine($"    curl -u {demo.WriteKey}: -H \"Content-Type: application/json\" \\")
                    .AppendLine($"      -d '{{\"userId\":\"{demo.SampleUserId ?? "user-1"}\",\"event\":\"Signed In\"}}' {url}/v1/track");
            }

            text.AppendLine("  ╰──────────────────────────────────────────────────────────────────────╯");
            Console.WriteLine(text.ToString());
        });
    }
}
