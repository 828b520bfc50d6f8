using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Approvals;

/// <summary>
/// The two emails of an approval — the request and its reminder — as workspace templates made on first use, so they go
/// through the dispatcher and its solicitation rules like every other message, and a workspace can reword them.
/// </summary>
public static class ApprovalTemplates
{
    public const string RequestName = "Parcours · demande de validation";
    public const string ReminderName = "Parcours · relance de validation";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string BodyFr = """
        <p>Bonjour {{ person.first_name }},</p>
        <p>{{ data.asker }} a besoin de votre validation pour <strong>{{ data.title }}</strong> ({{ account.name }}).</p>
        {% if data.detail != "" %}<p>{{ data.detail }}</p>{% endif %}
        <p>Merci de répondre avant le <strong>{{ data.deadline }}</strong> : sans réponse, la demande passera à {{ data.next }}.</p>
        <p><a href="{{ links.respond }}">Valider ou commenter</a></p>
        """;

    private const string BodyEn = """
        <p>Hello {{ person.first_name }},</p>
        <p>{{ data.asker }} needs your approval for <strong>{{ data.title }}</strong> ({{ account.name }}).</p>
        {% if data.detail != "" %}<p>{{ data.detail }}</p>{% endif %}
        <p>Please answer by <strong>{{ data.deadline }}</strong>: without an answer, the request will go to {{ data.next }}.</p>
        <p><a href="{{ links.respond }}">Approve or comment</a></p>
        """;

    public static Task<Guid> RequestAsync(ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
        EnsureAsync(db, RequestName, [
            new TemplateVariant("fr", "Validation attendue : {{ data.title }}", BodyFr, null),
            new TemplateVariant("en", "Your approval is needed: {{ data.title }}", BodyEn, null)], clock, ct);

    public static Task<Guid> ReminderAsync(ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
        EnsureAsync(db, ReminderName, [
            new TemplateVariant("fr", "Rappel — validation attendue : {{ data.title }}", BodyFr, null),
            new TemplateVariant("en", "Reminder — your approval is needed: {{ data.title }}", BodyEn, null)], clock, ct);

    private static async Task<Guid> EnsureAsync(ParcoursDbContext db, string name, TemplateVariant[] variants, TimeProvider clock, CancellationToken ct)
    {
        if (await db.MessageTemplates.Where(t => t.Name == name).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var row = new MessageTemplateRow
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            Name = name,
            Channel = MessageChannel.Email,
            Variants = JsonSerializer.Serialize(variants, Json),
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.MessageTemplates.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
