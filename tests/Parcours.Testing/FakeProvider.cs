using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parcours.Testing;

/// <summary>A request a <see cref="FakeProvider"/> received.</summary>
public sealed record ProviderRequest(string Path, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Form, string Body);

/// <summary>
/// A local HTTP server on a real socket for the outgoing channels' tests. It speaks enough of Twilio's REST API
/// (<c>POST /Accounts/{sid}/Messages.json</c> and <c>Calls.json</c>, Basic auth, and deduplication on
/// <c>I-Twilio-Idempotency-Token</c>: a repeated token gets the first answer and sends nothing) and records everything
/// else it receives (webhooks), answering 200 or the status a test asks for.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    public const string AccountSid = "ACtest0000000000000000000000000000";
    public const string AuthToken = "test-auth-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _byToken = new();
    private readonly ConcurrentDictionary<string, int> _breakAfterSending = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private int _sids;

    private FakeProvider(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request, in order of arrival.</summary>
    public ConcurrentQueue<ProviderRequest> Requests { get; } = new();

    /// <summary>Messages and calls really "sent" (after deduplication).</summary>
    public ConcurrentQueue<ProviderRequest> Sent { get; } = new();

    public static async Task<FakeProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeProvider(app);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.BaseUrl = new Uri(address);
        return provider;
    }

    /// <summary>The next send with this idempotency token is made, then the connection drops before the answer.</summary>
    public void BreakAfterSending(string idempotencyToken) => _breakAfterSending[idempotencyToken] = 1;

    /// <summary>The next non-Twilio requests (webhooks) are answered with these statuses, in order; then 200.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public async Task<ProviderRequest> WaitForAsync(Func<ProviderRequest, bool> match, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < timeout)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"No matching request within {timeout}; received: {string.Join(", ", Requests.Select(r => r.Path))}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var form = context.Request.HasFormContentType
            ? System.Web.HttpUtility.ParseQueryString(body) is var parsed ? parsed.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => parsed[k]!) : []
            : new Dictionary<string, string>();
        var request = new ProviderRequest(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), form, body);
        Requests.Enqueue(request);

        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith($"/Accounts/{AccountSid}/", StringComparison.Ordinal))
        {
            await TwilioAsync(context, request, path);
            return;
        }

        context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
    }

    private async Task TwilioAsync(HttpContext context, ProviderRequest request, string path)
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (request.Headers.GetValueOrDefault("authorization") != expected)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (!request.Form.TryGetValue("To", out var to) || !to.StartsWith('+'))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { code = 21211, message = "Invalid 'To' Phone Number" });
            return;
        }

        var token = request.Headers.GetValueOrDefault("i-twilio-idempotency-token") ?? Guid.NewGuid().ToString();
        var prefix = path.EndsWith("Calls.json", StringComparison.Ordinal) ? "CA" : "SM";
        var isNew = false;
        var sid = _byToken.GetOrAdd(token, _ =>
        {
            isNew = true;
            return $"{prefix}{Interlocked.Increment(ref _sids):D32}";
        });
        if (isNew)
        {
            Sent.Enqueue(request);
        }

        if (_breakAfterSending.TryRemove(token, out _))
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = 201;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { sid, status = "queued", to }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
