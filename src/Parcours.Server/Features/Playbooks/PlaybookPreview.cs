using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Domain.Playbooks;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

public sealed record PreviewPerson(Guid Id, string Name, string Locale);

public sealed record PreviewAccount(Guid Id, string Name);

/// <summary>
/// A playbook message as one real person would receive it: the step's template (<see cref="PlaybookTexts.Template"/>)
/// rendered with the model an enrolment of that person would have (<see cref="EnrolmentData"/>), the signed-in user as
/// CSM, enrolled now. Nothing is stored.
/// </summary>
public sealed class PlaybookPreview(EnrolmentData data, TemplateRenderer renderer, Infrastructure.Email.EmailSender email, TimeProvider clock)
{
    public const int MaxPickable = 500;

    public static Task<List<PreviewPerson>> PeopleAsync(ParcoursDbContext db, CancellationToken ct) =>
        db.People.AsNoTracking().OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Take(MaxPickable)
            .Select(p => new PreviewPerson(p.Id.Value, (p.FirstName + " " + p.LastName).Trim(), p.Locale)).ToListAsync(ct);

    public static Task<List<PreviewAccount>> AccountsAsync(ParcoursDbContext db, CancellationToken ct) =>
        db.Accounts.AsNoTracking().OrderBy(a => a.Name).Take(MaxPickable).Select(a => new PreviewAccount(a.Id.Value, a.Name)).ToListAsync(ct);

    /// <summary>The message of <paramref name="step"/> (a message or series step) for <paramref name="personId"/>; null for other steps.</summary>
    public async Task<Result<RenderedMessage>?> RenderAsync(ParcoursDbContext db, PlaybookStep step, Guid personId, Guid? csmId, CancellationToken ct)
    {
        var (template, seriesCount) = step switch
        {
            SendMessageStep m => (PlaybookTexts.Template(m.Channel, m.Subject, m.Body), (int?)null),
            SeriesStep s => (PlaybookTexts.Template(s.Channel, s.Subject, s.Body), s.Pattern.Expand().Count),
            _ => (null, null),
        };
        if (template is null)
        {
            return null;
        }

        var id = new PersonId(personId);
        if (await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.WorkspaceId, p.TimeZone, p.Locale }).SingleOrDefaultAsync(ct) is not { } person)
        {
            return new Error.NotFound("person_not_found", "No such person in this workspace.");
        }

        var (model, variables) = await ModelAsync(db, personId, csmId, ct);
        if (seriesCount is { } count)
        {
            model = model with { Data = RenderModel.DataFields(EnrolmentData.Serialize(variables, 1, count)) };
        }

        return renderer.Render(template.Channel, template.VariantFor(person.Locale), model);
    }

    /// <summary>
    /// Sends an email step, rendered for <paramref name="personId"/>, to the signed-in user's own address, marked as a
    /// test: what the person would get, checked in a real mail client. Returns the address it went to.
    /// </summary>
    public async Task<Result<string>> TestSendAsync(ParcoursDbContext db, PlaybookStep step, Guid personId, Guid? userId, CancellationToken ct)
    {
        var to = userId is { } id ? await db.Users.Where(u => u.Id == id).Select(u => u.Email).SingleOrDefaultAsync(ct) : null;
        if (to is null)
        {
            return new Error.Invalid("no_address", "Your account has no email address to send the test to.");
        }

        if (!email.IsConfigured)
        {
            return new Error.Conflict("smtp_not_configured", "No SMTP server is configured (Smtp__Host): the test cannot leave.");
        }

        if (await RenderAsync(db, step, personId, userId, ct) is not { } rendered)
        {
            return new Error.Invalid("not_an_email", "Only an email step can be sent as a test.");
        }

        if (rendered.Error is { } error)
        {
            return error;
        }

        if (rendered.Value is not { Text: not null } message)
        {
            return new Error.Invalid("not_an_email", "Only an email step can be sent as a test.");
        }

        await email.SendAsync(new Infrastructure.Email.OutgoingEmail(to, $"[Test] {message.Subject}", message.Text, message.Body, $"test-{Guid.CreateVersion7(clock.GetUtcNow()):N}"), ct);
        return to;
    }

    /// <summary>The model a new enrolment of <paramref name="personId"/> would have now.</summary>
    public async Task<(RenderModel Model, Dictionary<string, object?> Variables)> ModelAsync(ParcoursDbContext db, Guid personId, Guid? csmId, CancellationToken ct)
    {
        var id = new PersonId(personId);
        var person = await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.WorkspaceId, p.TimeZone }).SingleAsync(ct);

        var account = await db.Stakeholders.AsNoTracking().Where(s => s.PersonId == id).OrderBy(s => s.Role).Select(s => (AccountId?)s.AccountId).FirstOrDefaultAsync(ct);
        var enrolment = new EnrolmentRow
        {
            WorkspaceId = person.WorkspaceId,
            PersonId = id,
            AccountId = account,
            TimeZone = person.TimeZone,
            EnrolledAt = clock.GetUtcNow().UtcDateTime,
            CsmId = csmId,
        };
        var variables = await data.ForAsync(db, enrolment, ct);
        return (await data.ModelAsync(db, enrolment, variables, ct), variables);
    }

    /// <summary>The model of an existing enrolment, for its step titles.</summary>
    public async Task<RenderModel> ModelAsync(ParcoursDbContext db, Guid enrolmentId, CancellationToken ct)
    {
        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId, ct);
        return await data.ModelAsync(db, enrolment, await data.ForAsync(db, enrolment, ct), ct);
    }

    /// <summary>A short playbook text (a task or step title) with its placeholders filled; the text as written when it cannot be.</summary>
    public string Fill(string text, RenderModel? model, int? occurrence = null) =>
        model is null || !text.Contains("{{", StringComparison.Ordinal) ? text : PlaybookTexts.Fill(renderer, text, model, occurrence);
}
