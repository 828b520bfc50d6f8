using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Messaging;

public sealed record MessageResponse(
    Guid Id, MessageChannel Channel, string Kind, string Source, MessageStatus Status, string? Reason, string? Detail, string? Subject,
    DateTime DueAt, DateTime? DeferredUntil, DateTime? SentAt, DateTime? DeliveredAt, DateTime? ClickedAt, int Clicks, DateTime? ReadAt,
    DateTime? UnsubscribedAt, DateTime CreatedAt);

public sealed record SendMessageRequest(
    Guid TemplateId,
    DateTime? DueAt,
    [property: StringLength(OutboundMessage.MaxDataLength - 100)] string? Data,
    [property: StringLength(OutboundMessage.MaxKeyLength)] string? IdempotencyKey,
    Guid? AccountId);

public sealed record InAppMessageResponse(Guid Id, string? Subject, string Body, DateTime SentAt, DateTime? ReadAt);

/// <summary>A person's messages: the timeline (every send with its status and reason), a manual send, and the in-app queue.</summary>
public static class PersonMessages
{
    public static async Task<Result<List<MessageResponse>>> TimelineAsync(ParcoursDbContext db, PersonId person, CancellationToken ct) =>
        await PersonExistsAsync(db, person, ct) is { } missing ? missing : await MessagesAsync(db, person, ct);

    private static async Task<Error?> PersonExistsAsync(ParcoursDbContext db, PersonId person, CancellationToken ct) =>
        await db.People.IgnoreQueryFilters([ParcoursDbContext.SoftDeleteFilter]).AnyAsync(p => p.Id == person, ct)
            ? null
            : new Error.NotFound("person_not_found", $"No person with id {person} in this workspace.");

    public static async Task<List<MessageResponse>> MessagesAsync(ParcoursDbContext db, PersonId person, CancellationToken ct) =>
        await db.Messages.AsNoTracking().Where(m => m.PersonId == person).OrderByDescending(m => m.CreatedAt).Take(200)
            .Select(m => new MessageResponse(m.Id, m.Channel, m.Kind, m.Source, m.Status, m.Reason, m.Detail, m.Subject, m.DueAt, m.DeferredUntil,
                m.Status == MessageStatus.Sent || m.Status == MessageStatus.Delivered ? m.SentAt : null,
                m.DeliveredAt, m.ClickedAt, m.Clicks, m.ReadAt, m.UnsubscribedAt, m.CreatedAt))
            .ToListAsync(ct);

    public static Task<Result<QueuedMessage>> SendAsync(ParcoursDbContext db, MessageDispatcher dispatcher, PersonId person, SendMessageRequest request, Guid? userId, TimeProvider clock, CancellationToken ct) =>
        dispatcher.QueueAsync(db, new MessageRequest(
            person, request.TemplateId, "manual", userId is { } user ? $"manual:{user}" : "manual:api",
            string.IsNullOrWhiteSpace(request.IdempotencyKey) ? $"manual:{Guid.CreateVersion7(clock.GetUtcNow()):N}" : request.IdempotencyKey,
            request.DueAt, request.Data, request.AccountId is { } account ? new AccountId(account) : null), ct);

    /// <summary>The in-app messages waiting for the person (sent, not read yet), oldest first: what the product shows.</summary>
    public static async Task<Result<List<InAppMessageResponse>>> InAppAsync(ParcoursDbContext db, PersonId person, bool unreadOnly, CancellationToken ct) =>
        await PersonExistsAsync(db, person, ct) is { } missing ? missing : await db.Messages.AsNoTracking()
            .Where(m => m.PersonId == person && m.Channel == MessageChannel.InApp && m.Status == MessageStatus.Sent && (!unreadOnly || m.ReadAt == null))
            .OrderBy(m => m.SentAt).Take(50)
            .Select(m => new InAppMessageResponse(m.Id, m.Subject, m.Body ?? "", m.SentAt!.Value, m.ReadAt))
            .ToListAsync(ct);

    public static async Task<Result<bool>> MarkReadAsync(ParcoursDbContext db, PersonId person, Guid messageId, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Messages.Where(m => m.Id == messageId && m.PersonId == person && m.Channel == MessageChannel.InApp && m.Status == MessageStatus.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, m => m.ReadAt ?? now), ct);
        return changed == 1 ? true : new Error.NotFound("message_not_found", $"No in-app message {messageId} for this person.");
    }
}
