using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Surveys;

/// <summary>
/// The survey invitation and its reminder, by email and by SMS, as workspace templates made on first use (like the
/// approval emails), so they go through the dispatcher and its solicitation rules and a workspace can reword them.
/// One template serves every survey: the question, its scale and its end labels come in <c>data.*</c>, so the email
/// shows the scale as buttons (0–10 for an NPS, 1–5, 1–7…), each a link to the answer page with the score
/// (<c>?s=N</c>): one click records it. The SMS asks one question with the link (seed 004).
/// </summary>
public static class SurveyTemplates
{
    public const string EmailName = "Parcours · enquête (e-mail)";
    public const string EmailReminderName = "Parcours · relance d'enquête (e-mail)";
    public const string SmsName = "Parcours · enquête (SMS)";
    public const string SmsReminderName = "Parcours · relance d'enquête (SMS)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Buttons as table cells: the layout mail clients render reliably; big enough to tap, high contrast.
    private const string Scale = """
        {% if data.scale.size > 0 %}<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:separate;border-spacing:4px"><tr>{% for n in data.scale %}<td><a href="{{ links.respond }}?s={{ n }}" style="display:inline-block;min-width:28px;padding:10px 6px;border-radius:6px;background:#1d4ed8;color:#ffffff;text-align:center;font-weight:600;text-decoration:none">{{ n }}</a></td>{% endfor %}</tr></table>
        <p style="font-size:13px;color:#374151">{{ data.scale.first }} = {{ data.low_label }} · {{ data.scale.last }} = {{ data.high_label }}</p>{% endif %}
        """;

    private const string BodyFr = """
        <p>Bonjour {{ person.first_name }},</p>
        {% if data.reminder %}<p>Vous n'avez pas encore eu le temps de nous répondre : il ne faut que quelques secondes.</p>{% endif %}
        <p><strong>{{ data.question }}</strong></p>
        """ + Scale + """
        <p><a href="{{ links.respond }}">{% if data.scale.size > 0 %}Ou répondre sur la page de l'enquête{% else %}Répondre à l'enquête{% endif %}</a></p>
        <p style="font-size:12px;color:#4b5563">Une seule réponse par personne, modifiable pendant 30 minutes. <a href="{{ links.unsubscribe }}">Ne plus recevoir nos e-mails</a></p>
        """;

    private const string BodyEn = """
        <p>Hello {{ person.first_name }},</p>
        {% if data.reminder %}<p>You have not had time to answer yet: it only takes a few seconds.</p>{% endif %}
        <p><strong>{{ data.question }}</strong></p>
        """ + Scale + """
        <p><a href="{{ links.respond }}">{% if data.scale.size > 0 %}Or answer on the survey page{% else %}Answer the survey{% endif %}</a></p>
        <p style="font-size:12px;color:#4b5563">One answer per person, which you can change for 30 minutes. <a href="{{ links.unsubscribe }}">Stop receiving our emails</a></p>
        """;

    public static Task<Guid> InvitationAsync(ParcoursDbContext db, SurveyChannel channel, bool reminder, TimeProvider clock, CancellationToken ct) => channel switch
    {
        SurveyChannel.Sms => EnsureAsync(db, reminder ? SmsReminderName : SmsName, MessageChannel.Sms, [
            new TemplateVariant("fr", null, (reminder ? "Rappel : " : "") + "{{ data.question }} Répondez ici : {{ links.respond }}", null),
            new TemplateVariant("en", null, (reminder ? "Reminder: " : "") + "{{ data.question }} Answer here: {{ links.respond }}", null)], clock, ct),
        _ => EnsureAsync(db, reminder ? EmailReminderName : EmailName, MessageChannel.Email, [
            new TemplateVariant("fr", (reminder ? "Rappel — " : "") + "{{ data.survey_name }} : votre avis en un clic", BodyFr, null),
            new TemplateVariant("en", (reminder ? "Reminder — " : "") + "{{ data.survey_name }}: your opinion in one click", BodyEn, null)], clock, ct),
    };

    private static async Task<Guid> EnsureAsync(ParcoursDbContext db, string name, MessageChannel channel, TemplateVariant[] variants, TimeProvider clock, CancellationToken ct)
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
            Channel = channel,
            Variants = JsonSerializer.Serialize(variants, Json),
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.MessageTemplates.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
