using System.Collections.Concurrent;
using System.Net;
using Parcours.Infrastructure.Messaging;

namespace Parcours.Bench;

/// <summary>One POST that reached the receiver: its <c>webhook-id</c>, when it arrived, and whether its signature held.</summary>
internal sealed record WebhookArrival(string Id, long ArrivedAt, bool SignatureValid);

/// <summary>
/// A webhook endpoint on a loopback port (<see cref="HttpListener"/>): records every delivery's <c>webhook-id</c> and
/// arrival time (<see cref="TimeProvider.GetTimestamp"/>), checks its signature, and answers 200 after
/// <c>answerAfter</c>, so that a kill finds sends in flight.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TimeSpan _answerAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private WebhookReceiver(int port, TimeSpan answerAfter)
    {
        _answerAfter = answerAfter;
        Url = new Uri($"http://127.0.0.1:{port}/hook");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The endpoint's signing secret, once the endpoint is created (it is shown only then).</summary>
    public string? Secret { get; set; }

    public ConcurrentQueue<WebhookArrival> Arrivals { get; } = new();

    public static WebhookReceiver Start(TimeSpan answerAfter) => new(ChildServer.FreePort(), answerAfter);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, request.ContentEncoding))
            {
                body = await reader.ReadToEndAsync();
            }

            var arrived = TimeProvider.System.GetTimestamp();
            var id = request.Headers["webhook-id"];
            var timestamp = request.Headers["webhook-timestamp"];
            var signature = request.Headers["webhook-signature"];
            if (id is null || timestamp is null || signature is null)
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
                return;
            }

            var valid = Secret is { } secret
                && WebhookSigner.Verify(secret, id, timestamp, body, signature, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5));
            Arrivals.Enqueue(new WebhookArrival(id, arrived, valid));
            await Task.Delay(_answerAfter, TimeProvider.System, _stop.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The sender was killed while we waited: its connection is gone, which is the point of the scenario.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }

        _stop.Dispose();
    }
}
