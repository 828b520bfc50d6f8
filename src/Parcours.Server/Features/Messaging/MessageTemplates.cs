using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Messaging;

public sealed record TemplateVariantDto(
    [property: Required, StringLength(5)] string Locale,
    [property: StringLength(MessageTemplate.MaxSubjectLength)] string? Subject,
    [property: Required, StringLength(MessageTemplate.MaxBodyLength)] string Body,
    [property: StringLength(MessageTemplate.MaxBodyLength)] string? Text);

public sealed record MessageTemplateRequest(
    [property: Required, StringLength(MessageTemplateRow.MaxNameLength)] string Name,
    MessageChannel Channel,
    [property: Required] IReadOnlyList<TemplateVariantDto> Variants);

public sealed record MessageTemplateResponse(Guid Id, string Name, MessageChannel Channel, IReadOnlyList<TemplateVariantDto> Variants, DateTime UpdatedAt);

/// <summary>Reusable messages: checked by the domain (channel rules) and by the renderer (Liquid that parses and names known variables).</summary>
public static class MessageTemplates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Result<MessageTemplateResponse>> CreateAsync(ParcoursDbContext db, TemplateRenderer renderer, MessageTemplateRequest request, TimeProvider clock, CancellationToken ct)
    {
        var checkedTemplate = Check(renderer, request);
        if (checkedTemplate.Error is { } error)
        {
            return error;
        }

        var name = request.Name.Trim();
        if (await db.MessageTemplates.AnyAsync(t => t.Name == name, ct))
        {
            return new Error.Conflict("template_name_taken", $"A template is already named '{name}'.");
        }

        var now = clock.GetUtcNow();
        var row = new MessageTemplateRow
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            Name = name,
            Channel = request.Channel,
            Variants = JsonSerializer.Serialize(checkedTemplate.Value.Variants, Json),
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.MessageTemplates.Add(row);
        await db.SaveChangesAsync(ct);
        return Response(row);
    }

    public static async Task<Result<MessageTemplateResponse>> UpdateAsync(ParcoursDbContext db, TemplateRenderer renderer, Guid id, MessageTemplateRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (await db.MessageTemplates.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } row)
        {
            return new Error.NotFound("template_not_found", $"No message template with id {id} in this workspace.");
        }

        if (request.Channel != row.Channel)
        {
            return new Error.Invalid("channel_fixed", "A template keeps its channel: queued messages rely on it. Create another template.", "channel");
        }

        var checkedTemplate = Check(renderer, request);
        if (checkedTemplate.Error is { } error)
        {
            return error;
        }

        row.Name = request.Name.Trim();
        row.Variants = JsonSerializer.Serialize(checkedTemplate.Value.Variants, Json);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Response(row);
    }

    public static async Task<List<MessageTemplateResponse>> ListAsync(ParcoursDbContext db, CancellationToken ct) =>
        [.. (await db.MessageTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct)).Select(Response)];

    private static Result<MessageTemplate> Check(TemplateRenderer renderer, MessageTemplateRequest request)
    {
        var template = MessageTemplate.Create(request.Channel, (request.Variants ?? []).Select(v => new TemplateVariant(v.Locale, v.Subject, v.Body, v.Text)));
        if (template.Error is { } error)
        {
            return error;
        }

        return renderer.Check(template.Value) is { } renderError ? renderError : template;
    }

    private static MessageTemplateResponse Response(MessageTemplateRow row) =>
        new(row.Id, row.Name, row.Channel,
            [.. (JsonSerializer.Deserialize<List<TemplateVariant>>(row.Variants, Json) ?? []).Select(v => new TemplateVariantDto(v.Locale, v.Subject, v.Body, v.Text))],
            row.UpdatedAt);
}
