using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;

namespace Parcours.Server.Features.Messaging;

public sealed record WebhookEndpointRequest(
    [property: Required, StringLength(WebhookEndpoint.MaxUrlLength)] string Url,
    [property: StringLength(WebhookEndpoint.MaxEventsLength)] string? EventTypes);

public sealed record WebhookEndpointResponse(Guid Id, string Url, string EventTypes, bool Enabled, DateTime CreatedAt);

/// <summary>The signing secret is shown once, at creation; Parcours keeps it encrypted to sign.</summary>
public sealed record WebhookEndpointCreated(WebhookEndpointResponse Endpoint, string Secret);

public sealed record WebhookQueued(Guid DeliveryId, Guid EndpointId);

/// <summary>
/// Outgoing webhooks: endpoints (admin), and <see cref="QueueAsync"/> for anything that has an event to announce. Each
/// event becomes one delivery per subscribed endpoint and one agenda item (<c>webhook.send</c>), retried with backoff
/// by the agenda and parked after the last attempt. The delivery id is the <c>webhook-id</c>: a retry carries the same.
/// </summary>
public sealed class Webhooks(AgendaScheduler scheduler, SecretBox secrets, TimeProvider clock)
{
    public const string SendKind = "webhook.send";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<WebhookEndpointCreated>> CreateEndpointAsync(ParcoursDbContext db, WebhookEndpointRequest request, CancellationToken ct)
    {
        if (!Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return new Error.Invalid("invalid_url", "A webhook URL is an absolute http(s) URL.", "url");
        }

        var secret = WebhookSigner.NewSecret();
        var now = clock.GetUtcNow();
        var endpoint = new WebhookEndpoint
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            Url = url.ToString(),
            SecretSealed = secrets.Seal(secret),
            EventTypes = string.IsNullOrWhiteSpace(request.EventTypes) ? "*" : string.Join(',', request.EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            Enabled = true,
            CreatedAt = now.UtcDateTime,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new WebhookEndpointCreated(Response(endpoint), secret);
    }

    public static async Task<List<WebhookEndpointResponse>> ListAsync(ParcoursDbContext db, CancellationToken ct) =>
        [.. (await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ToListAsync(ct)).Select(Response)];

    public static async Task<Result<bool>> DeleteEndpointAsync(ParcoursDbContext db, Guid id, CancellationToken ct) =>
        await db.WebhookEndpoints.Where(e => e.Id == id).ExecuteDeleteAsync(ct) == 1
            ? true
            : new Error.NotFound("webhook_not_found", $"No webhook endpoint with id {id} in this workspace.");

    /// <summary>Sends a signed <c>webhook.test</c> event to one endpoint.</summary>
    public async Task<Result<List<WebhookQueued>>> TestAsync(ParcoursDbContext db, Guid id, CancellationToken ct) =>
        await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct)
            ? await QueueAsync(db, "webhook.test", new { message = "Parcours test event" }, $"test:{Guid.CreateVersion7(clock.GetUtcNow()):N}", ct, id)
            : new Error.NotFound("webhook_not_found", $"No webhook endpoint with id {id} in this workspace.");

    /// <summary>
    /// Announces an event to every enabled endpoint subscribed to its type ("*" takes all). The payload is
    /// <c>{type, timestamp, data}</c>. <paramref name="key"/> names the occurrence: announcing it twice queues nothing more.
    /// </summary>
    public async Task<Result<List<WebhookQueued>>> QueueAsync(ParcoursDbContext db, string type, object data, string key, CancellationToken ct, Guid? onlyEndpoint = null)
    {
        if (type is not { Length: > 0 and <= WebhookDelivery.MaxTypeLength })
        {
            return new Error.Invalid("invalid_event_type", "An event type has 1 to 100 characters.", "type");
        }

        var now = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new { type, timestamp = now, data }, Json);
        if (body.Length > WebhookDelivery.MaxBodyLength)
        {
            return new Error.Invalid("payload_too_large", "A webhook payload has at most 64,000 characters.", "data");
        }

        var endpoints = (await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled && (onlyEndpoint == null || e.Id == onlyEndpoint)).ToListAsync(ct))
            .Where(e => e.EventTypes == "*" || e.EventTypes.Split(',').Contains(type, StringComparer.Ordinal)).ToList();
        var queued = new List<WebhookQueued>();
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            foreach (var endpoint in endpoints)
            {
                var delivery = new WebhookDelivery
                {
                    WorkspaceId = endpoint.WorkspaceId,
                    Id = Guid.CreateVersion7(now),
                    EndpointId = endpoint.Id,
                    EventType = type,
                    Body = body,
                    Status = WebhookDeliveryStatus.Pending,
                    CreatedAt = now.UtcDateTime,
                };
                var scheduled = await scheduler.ScheduleAsync(db, new AgendaEntry(SendKind, now.UtcDateTime, $"{SendKind}:{endpoint.Id:N}:{key}", delivery.Id.ToString()), ct);
                if (scheduled.Error is { } error)
                {
                    return error;
                }

                if (scheduled.Value)
                {
                    db.WebhookDeliveries.Add(delivery);
                    queued.Add(new WebhookQueued(delivery.Id, endpoint.Id));
                }
            }

            await db.SaveChangesAsync(ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }

        return queued;
    }

    private static WebhookEndpointResponse Response(WebhookEndpoint e) => new(e.Id, e.Url, e.EventTypes, e.Enabled, e.CreatedAt);
}

/// <summary>
/// Posts one webhook delivery, signed (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>). A 2xx
/// answer delivers it; anything else is retried by the agenda with the same id, which receivers deduplicate on.
/// </summary>
public sealed class SendWebhookHandler(ParcoursDbContext db, AgendaEffects effects, SecretBox secrets, IHttpClientFactory http, TimeProvider clock) : IAgendaHandler
{
    public const string HttpClientName = "webhooks";

    public string Kind => Webhooks.SendKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return AgendaResult.Park($"No webhook delivery {work.SubjectId} in this workspace.");
        }

        if (delivery.Status != WebhookDeliveryStatus.Pending)
        {
            return AgendaResult.Done;
        }

        if (await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == delivery.EndpointId, ct) is not { Enabled: true } endpoint)
        {
            delivery.Status = WebhookDeliveryStatus.Failed;
            delivery.LastError = "The endpoint was deleted or disabled.";
            await db.SaveChangesAsync(ct);
            return AgendaResult.Done;
        }

        var webhookId = $"msg_{delivery.Id:N}";
        int? statusCode = null;
        var result = await effects.SendOnceAsync(db, work with { IdempotencyKey = webhookId }, "webhook", ChannelDedup.ByKey, async (key, token) =>
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", key);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Sign(secrets.Open(endpoint.SecretSealed), key, timestamp, delivery.Body));
            try
            {
                using var response = await http.CreateClient(HttpClientName).SendAsync(request, token);
                statusCode = (int)response.StatusCode;
                return response.IsSuccessStatusCode
                    ? SendResult.Sent($"{statusCode}")
                    // The receiver refused it; it deduplicates on webhook-id, so the retry is a plain resend.
                    : SendResult.NotSent($"The endpoint answered {statusCode}.");
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                return SendResult.NotSent($"The endpoint cannot be reached: {e.Message}");
            }
        }, ct);

        delivery.Attempts++;
        delivery.LastStatusCode = statusCode ?? delivery.LastStatusCode;
        switch (result)
        {
            case AgendaResult.Completed:
                delivery.Status = WebhookDeliveryStatus.Delivered;
                delivery.DeliveredAt = clock.GetUtcNow().UtcDateTime;
                delivery.LastError = null;
                break;
            case AgendaResult.Failed failed:
                delivery.LastError = failed.Error;
                break;
            case AgendaResult.Parked parked:
                delivery.LastError = parked.Reason;
                break;
            default:
                break;
        }

        await db.SaveChangesAsync(ct);
        return result;
    }
}
