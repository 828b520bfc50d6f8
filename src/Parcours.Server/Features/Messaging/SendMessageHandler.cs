using System.Net.Sockets;
using System.Text.Json;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Domain.People;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;

namespace Parcours.Server.Features.Messaging;

/// <summary>
/// Runs a queued message (agenda kind <c>message.send</c>, subject = message id): asks the solicitation rules, records a
/// suppression or a deferral with its reason (a deferral schedules the next attempt at the allowed instant), otherwise
/// renders the template in the person's language and sends it through its channel inside the side-effect ledger, with
/// the message's key as the channel's idempotency key.
/// </summary>
public sealed class SendMessageHandler(
    ParcoursDbContext db,
    AgendaEffects effects,
    AgendaScheduler scheduler,
    TemplateRenderer renderer,
    SecretBox secrets,
    EmailSender email,
    HttpMessagingProvider provider,
    IOptions<MessagingOptions> options,
    TimeProvider clock) : IAgendaHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => MessageDispatcher.SendKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || await db.Messages.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message)
        {
            return AgendaResult.Park($"No message {work.SubjectId} in this workspace.");
        }

        if (message.Status.IsFinal())
        {
            return AgendaResult.Done;
        }

        var person = await db.People.IgnoreQueryFilters([ParcoursDbContext.SoftDeleteFilter]).SingleOrDefaultAsync(p => p.Id == message.PersonId, ct);
        var now = clock.GetUtcNow();
        var decision = await DecideAsync(message, person, now, ct);
        switch (decision)
        {
            case null:
                message.Detail = "Another message to this person is being sent: deciding again in a minute.";
                await db.SaveChangesAsync(ct);
                return AgendaResult.Retry(message.Detail, TimeSpan.FromMinutes(1));
            case SolicitationDecision.Suppress suppress:
                Record(message, MessageStatus.Suppressed, suppress.Reason.ToString(), null, now);
                await db.SaveChangesAsync(ct);
                return AgendaResult.Done;
            case SolicitationDecision.Defer defer:
                var until = defer.Until.UtcDateTime;
                Record(message, MessageStatus.Deferred, defer.Reason.ToString(), null, now);
                message.DeferredUntil = until;
                message.Deferrals++;
                var next = await scheduler.ScheduleAsync(db,
                    new AgendaEntry(Kind, until, $"{MessageDispatcher.ItemKey(message.Id)}:{until:yyyyMMddTHHmmss}", message.Id.ToString()), ct);
                if (next.Error is { } error)
                {
                    return AgendaResult.Park(error.Detail);
                }

                await db.SaveChangesAsync(ct);
                return AgendaResult.Done;
            case SolicitationDecision.Send:
            default:
                return await SendAsync(work, message, person!, ct);
        }
    }

    /// <summary>
    /// The decision, safe against two sends to one person racing past a cap on two workers: a message about to send first
    /// reserves its place (SentAt, committed), then counts every other send and reservation. Of racing messages, at
    /// least the last to count sees all the others; one that finds itself over the cap while another is still in flight
    /// gives its place back and tries again in a minute (null), when the race is settled. So a cap is never exceeded;
    /// a race costs a minute, never a week.
    /// </summary>
    private async Task<SolicitationDecision?> DecideAsync(OutboundMessage message, Person? person, DateTimeOffset now, CancellationToken ct)
    {
        if (person is null || person.DeletedAt is not null)
        {
            return new SolicitationDecision.Suppress(SolicitationReason.PersonDeleted);
        }

        var rules = await SolicitationRules.ForAsync(db, message.Channel, ct);
        var consent = person.Consent.Allows(message.Channel) ? ConsentState.Granted
            : await db.ContactOptOuts.AnyAsync(o => o.PersonId == person.Id && o.Channel == message.Channel, ct) ? ConsentState.Withdrawn
            : ConsentState.NotGiven;
        var hasAddress = message.Channel switch
        {
            MessageChannel.Email => person.Email is not null,
            MessageChannel.Sms or MessageChannel.Voice => person.Phone is not null,
            _ => true,
        };
        var contact = new SolicitationContact(consent, hasAddress, LocalTime.Zone(person.TimeZone));
        // First without other sends: consent, quiet hours and blackouts do not depend on them.
        var first = Solicitation.Decide(rules, contact, [], now);
        if (first is SolicitationDecision.Suppress || (rules.MaxPerDay is null && rules.MaxPerWeek is null))
        {
            return first;
        }

        var reserve = first is SolicitationDecision.Send;
        if (reserve)
        {
            message.SentAt = now.UtcDateTime;
            message.UpdatedAt = now.UtcDateTime;
            await db.SaveChangesAsync(ct);
        }

        var since = (now - Solicitation.Week).UtcDateTime;
        var others = await db.Messages.AsNoTracking()
            .Where(m => m.PersonId == person.Id && m.Channel == message.Channel && m.Id != message.Id && m.SentAt != null && m.SentAt > since)
            .Select(m => new { SentAt = m.SentAt!.Value, m.Status, m.UpdatedAt }).ToListAsync(ct);
        var decision = Solicitation.Decide(rules, contact, [.. others.Select(o => new DateTimeOffset(DateTime.SpecifyKind(o.SentAt, DateTimeKind.Utc)))], now);
        if (!reserve || decision is SolicitationDecision.Send)
        {
            return decision;
        }

        message.SentAt = null;
        var recent = (now - TimeSpan.FromMinutes(5)).UtcDateTime;
        var racing = others.Any(o => o.Status is not (MessageStatus.Sent or MessageStatus.Delivered) && o.UpdatedAt > recent);
        return racing ? null : decision;
    }

    private async Task<AgendaResult> SendAsync(AgendaWork work, OutboundMessage message, Person person, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rendered = await RenderAsync(message, person, ct);
        if (rendered.Error is { } renderError)
        {
            Record(message, MessageStatus.Failed, "render_failed", renderError.Detail, now);
            message.SentAt = null;
            await db.SaveChangesAsync(ct);
            return AgendaResult.Done;
        }

        var content = rendered.Value;
        message.Subject = Cut(content.Subject, MessageTemplate.MaxSubjectLength);
        if (message.Channel == MessageChannel.InApp)
        {
            // The in-app queue is this table: the product fetches it. Nothing leaves Parcours, so no ledger.
            message.Body = content.Body;
            Record(message, MessageStatus.Sent, null, null, now);
            message.SentAt = now.UtcDateTime;
            await db.SaveChangesAsync(ct);
            return AgendaResult.Done;
        }

        message.SentAt ??= now.UtcDateTime;
        await db.SaveChangesAsync(ct);

        string? reference = null;
        var channelWork = work with { IdempotencyKey = MessageDispatcher.ChannelKey(message.Id) };
        var (channel, dedup) = message.Channel == MessageChannel.Email ? ("email", ChannelDedup.None) : (message.Channel.ToString().ToLowerInvariant(), ChannelDedup.ByKey);
        var refusal = (string?)null;
        var result = await effects.SendOnceAsync(db, channelWork, channel, dedup, async (key, token) =>
        {
            var sent = await SendThroughChannelAsync(message, person, content, key, token);
            if (sent is SendResult.Delivered delivered)
            {
                reference = delivered.Reference;
            }
            else if (sent is SendResult.Refused refused)
            {
                refusal = refused.Error;
            }

            return sent;
        }, ct);

        switch (result)
        {
            case AgendaResult.Completed:
                reference ??= await db.AgendaEffects.AsNoTracking().Where(e => e.Key == channelWork.IdempotencyKey).Select(e => e.Reference).SingleOrDefaultAsync(ct);
                Record(message, MessageStatus.Sent, null, null, now);
                message.ProviderReference = reference;
                break;
            case AgendaResult.Parked when refusal is not null:
                // Refused for good (no SMTP server, invalid number): the message failed, visibly, and the item is done.
                Record(message, MessageStatus.Failed, "channel_refused", Cut(refusal, OutboundMessage.MaxDetailLength), now);
                message.SentAt = null;
                await db.SaveChangesAsync(ct);
                return AgendaResult.Done;
            case AgendaResult.Parked parked:
                message.Detail = Cut(parked.Reason, OutboundMessage.MaxDetailLength);
                break;
            case AgendaResult.Failed failed:
                message.Status = MessageStatus.Scheduled;
                message.Detail = Cut(failed.Error, OutboundMessage.MaxDetailLength);
                message.SentAt = null;
                break;
            default:
                break;
        }

        message.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        return result;
    }

    private async Task<SendResult> SendThroughChannelAsync(OutboundMessage message, Person person, RenderedMessage content, string key, CancellationToken ct)
    {
        var token = secrets.Open(message.TokenSealed);
        var baseUrl = options.Value.PublicBaseUrl.ToString().TrimEnd('/');
        switch (message.Channel)
        {
            case MessageChannel.Email:
                if (!email.IsConfigured)
                {
                    return SendResult.NotSent("SMTP is not configured (Smtp:Host).", permanent: true);
                }

                var unsubscribe = $"{baseUrl}/u/{token}";
                var (html, text, urls) = LinkTracker.Track(content.Body, content.Text ?? "", n => $"{baseUrl}/l/{token}/{n}",
                    // The message's own pages (unsubscribe, respond) stay direct: they count as interactions themselves.
                    url => url.StartsWith($"{baseUrl}/u/", StringComparison.Ordinal) || url.StartsWith($"{baseUrl}/r/", StringComparison.Ordinal));
                await SaveLinksAsync(message, urls, ct);
                try
                {
                    var messageId = await email.SendAsync(new OutgoingEmail(person.Email!, content.Subject ?? "", text, html, key, new Dictionary<string, string>
                    {
                        ["List-Unsubscribe"] = $"<{unsubscribe}>",
                        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                    }), ct);
                    return SendResult.Sent(messageId);
                }
                catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
                {
                    return SendResult.NotSent($"The SMTP server refused the message: {e.Message}", permanent: true);
                }
                catch (SocketException e)
                {
                    return SendResult.NotSent($"The SMTP server cannot be reached: {e.Message}");
                }

            case MessageChannel.Sms or MessageChannel.Voice:
                var callback = new Uri($"{baseUrl}/hooks/sms/{token}");
                var answer = message.Channel == MessageChannel.Sms
                    ? await provider.SendSmsAsync(person.Phone!, content.Body, key, callback, ct)
                    : await provider.DropVoiceMessageAsync(person.Phone!, content.Body, person.Locale, callback, key, ct);
                return answer switch
                {
                    ProviderResult.Accepted accepted => SendResult.Sent(accepted.Reference),
                    ProviderResult.Refused refused => SendResult.NotSent(refused.Error, refused.Permanent),
                    _ => throw new InvalidOperationException("Unknown provider result."),
                };
            default:
                throw new InvalidOperationException($"No sender for {message.Channel}.");
        }
    }

    private async Task<Result<RenderedMessage>> RenderAsync(OutboundMessage message, Person person, CancellationToken ct)
    {
        var row = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == message.TemplateId, ct);
        if (row is null)
        {
            return new Error.NotFound("template_not_found", "The message's template was deleted.");
        }

        var variants = JsonSerializer.Deserialize<List<TemplateVariant>>(row.Variants, Json) ?? [];
        var template = MessageTemplate.Create(row.Channel, variants);
        if (template.Error is { } invalid)
        {
            return invalid;
        }

        var data = RenderModel.DataFields(message.Data);
        var accountId = data.Remove(MessageDispatcher.AccountDataKey, out var chosen) && Guid.TryParse(chosen as string, out var given) ? new AccountId(given) : (AccountId?)null;
        accountId ??= await db.Stakeholders.AsNoTracking().Where(s => s.PersonId == person.Id).OrderByDescending(s => s.IsSponsor).Select(s => (AccountId?)s.AccountId).FirstOrDefaultAsync(ct);
        var account = accountId is { } a ? await db.Accounts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == a, ct) : null;
        var baseUrl = options.Value.PublicBaseUrl.ToString().TrimEnd('/');
        var model = new RenderModel(
            RenderModel.PersonFields(person.FirstName, person.LastName, person.Email, person.Phone, person.JobTitle, person.Locale),
            RenderModel.AccountFields(account?.Name, account?.Segment, account?.Plan),
            RenderModel.LinkFields($"{baseUrl}/u/{secrets.Open(message.TokenSealed)}", $"{baseUrl}/r/{secrets.Open(message.TokenSealed)}"),
            data);
        return renderer.Render(row.Channel, template.Value.VariantFor(person.Locale), model);
    }

    private async Task SaveLinksAsync(OutboundMessage message, IReadOnlyList<string> urls, CancellationToken ct)
    {
        // Re-rendering after a retry gives the same positions; replace, so the rows always match what was sent last.
        await db.MessageLinks.Where(l => l.MessageId == message.Id).ExecuteDeleteAsync(ct);
        db.MessageLinks.AddRange(urls.Select((url, n) => new MessageLink { WorkspaceId = message.WorkspaceId, MessageId = message.Id, Position = n, Url = url }));
        await db.SaveChangesAsync(ct);
    }

    private static void Record(OutboundMessage message, MessageStatus status, string? reason, string? detail, DateTimeOffset now)
    {
        message.Status = status;
        message.Reason = reason;
        message.Detail = detail;
        message.UpdatedAt = now.UtcDateTime;
        if (status == MessageStatus.Failed)
        {
            message.FailedAt = now.UtcDateTime;
        }
    }

    private static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;
}
