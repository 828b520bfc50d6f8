using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Messaging;

/// <summary>
/// What a sender asks for: this template to this person, at <paramref name="DueAt"/> (now when null). The key names the
/// occurrence ("playbook:{enrollment}:step:3"): queueing it twice queues one message. <paramref name="Data"/> is a small
/// JSON object the template reads as <c>data.*</c>; <paramref name="AccountId"/> picks the account for <c>account.*</c>
/// (else the person's first account).
/// </summary>
public sealed record MessageRequest(
    PersonId PersonId,
    Guid TemplateId,
    string Kind,
    string Source,
    string IdempotencyKey,
    DateTime? DueAt = null,
    string? Data = null,
    AccountId? AccountId = null);

public sealed record QueuedMessage(Guid MessageId, MessageChannel Channel, DateTime DueAt, bool AlreadyQueued);

/// <summary>
/// The one way anything in Parcours sends a message to a person (playbooks, surveys, reminders, a CSM's click). Queueing
/// writes the message and its agenda item in one transaction (the caller's, if one is open). When the item runs,
/// <see cref="SendMessageHandler"/> asks the solicitation rules, then renders and sends through the channel inside the
/// side-effect ledger. See ADR 8.
/// </summary>
public sealed class MessageDispatcher(AgendaScheduler scheduler, SecretBox secrets, TimeProvider clock)
{
    public const string SendKind = "message.send";

    public async Task<Result<QueuedMessage>> QueueAsync(ParcoursDbContext db, MessageRequest request, CancellationToken ct)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }

        if (await ExistingAsync(db, request.IdempotencyKey, ct) is { } existing)
        {
            return existing;
        }

        if (!await db.People.AnyAsync(p => p.Id == request.PersonId, ct))
        {
            return new Error.NotFound("person_not_found", $"No person with id {request.PersonId} in this workspace.");
        }

        var template = await db.MessageTemplates.AsNoTracking().Where(t => t.Id == request.TemplateId).Select(t => new { t.Channel }).SingleOrDefaultAsync(ct);
        if (template is null)
        {
            return new Error.NotFound("template_not_found", $"No message template with id {request.TemplateId} in this workspace.");
        }

        var now = clock.GetUtcNow();
        var due = request.DueAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : now.UtcDateTime;
        var token = Secrets.Random(40);
        var message = new OutboundMessage
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            PersonId = request.PersonId,
            Channel = template.Channel,
            TemplateId = request.TemplateId,
            Kind = request.Kind.Trim(),
            Source = request.Source.Trim(),
            IdempotencyKey = request.IdempotencyKey,
            Status = MessageStatus.Scheduled,
            TokenHash = Secrets.Hash(token),
            TokenSealed = secrets.Seal(token),
            Data = request.Data,
            DueAt = due,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        if (request.AccountId is { } account)
        {
            message.Data = MergeAccount(request.Data, account);
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            db.Messages.Add(message);
            await db.SaveChangesAsync(ct);
            var scheduled = await scheduler.ScheduleAsync(db, new AgendaEntry(SendKind, due, ItemKey(message.Id), message.Id.ToString()), ct);
            if (scheduled.Error is { } error)
            {
                return error;
            }

            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        catch (DbUpdateException) when (own is not null)
        {
            // Two senders queued the same occurrence at once: the other one won, which is what the key is for.
            await own.RollbackAsync(ct);
            db.Entry(message).State = EntityState.Detached;
            return await ExistingAsync(db, request.IdempotencyKey, ct) is { } winner ? winner : throw new InvalidOperationException("Queueing failed.");
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }

        return new QueuedMessage(message.Id, message.Channel, due, false);
    }

    /// <summary>The agenda key of a message's first send; a deferral schedules another item named by its instant.</summary>
    public static string ItemKey(Guid messageId) => $"{SendKind}:{messageId:N}";

    /// <summary>The key of the message in the ledger and at the channel (SMTP Message-ID, provider idempotency header).</summary>
    public static string ChannelKey(Guid messageId) => $"msg-{messageId:N}";

    internal const string AccountDataKey = "_accountId";

    private static string MergeAccount(string? data, AccountId account)
    {
        var fields = string.IsNullOrWhiteSpace(data) ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(data) ?? [];
        fields[AccountDataKey] = JsonSerializer.SerializeToElement(account.Value);
        return JsonSerializer.Serialize(fields);
    }

    private static async Task<QueuedMessage?> ExistingAsync(ParcoursDbContext db, string key, CancellationToken ct) =>
        await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey == key)
            .Select(m => new QueuedMessage(m.Id, m.Channel, m.DueAt, true)).SingleOrDefaultAsync(ct);

    private static Error.Invalid? Check(MessageRequest request)
    {
        if (request.IdempotencyKey is not { Length: > 0 and <= OutboundMessage.MaxKeyLength })
        {
            return new("invalid_idempotency_key", $"An idempotency key has 1 to {OutboundMessage.MaxKeyLength} characters.", "idempotencyKey");
        }

        if (string.IsNullOrWhiteSpace(request.Kind) || request.Kind.Length > OutboundMessage.MaxKindLength)
        {
            return new("invalid_kind", $"A message kind has 1 to {OutboundMessage.MaxKindLength} characters.", "kind");
        }

        if (string.IsNullOrWhiteSpace(request.Source) || request.Source.Length > OutboundMessage.MaxSourceLength)
        {
            return new("invalid_source", $"A message source has 1 to {OutboundMessage.MaxSourceLength} characters.", "source");
        }

        if (request.Data is { } data)
        {
            if (data.Length > OutboundMessage.MaxDataLength - 100)
            {
                return new("data_too_large", "Template data is a small JSON object; pass ids, not documents.", "data");
            }

            try
            {
                using var json = JsonDocument.Parse(data);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return new("invalid_data", "Template data is a JSON object.", "data");
                }
            }
            catch (JsonException)
            {
                return new("invalid_data", "Template data is not valid JSON.", "data");
            }
        }

        return null;
    }
}
