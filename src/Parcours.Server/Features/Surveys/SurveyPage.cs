using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;
using Parcours.Server.Features.Messaging;

namespace Parcours.Server.Features.Surveys;

/// <summary>
/// The survey's answer page at <c>/r/{token}</c> (the invitation message's own token; <see cref="Approvals.ApprovalPage"/>
/// hands survey messages here). Plain HTML built with a <see cref="StringBuilder"/>: no script, no Blazor, a few KB,
/// labelled fields in fieldsets, French or English by the person's locale. <c>GET ?s=N</c> — a score button of the
/// email — records the score at once and shows the rest of the survey from the follow-up question; POST records the
/// whole response. Opening the page marks the invitation opened.
/// </summary>
public static class SurveyPage
{
    private sealed record Context(SurveyInvitation Invitation, SurveyDefinition Survey, string Locale);

    public static async Task<IResult> ShowAsync(OutboundMessage message, HttpContext http, ParcoursDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, message, ct) is not { } context)
        {
            return Unknown();
        }

        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (invitation, survey, locale) = context;
        if (invitation.AnsweredAt is null && (invitation.Status == InvitationStatus.Expired || now > invitation.ExpiresAt))
        {
            return Expired(locale);
        }

        if (invitation.OpenedAt is null)
        {
            invitation.OpenedAt = now;
            await db.SaveChangesAsync(ct);
        }

        var existing = await db.SurveyResponses.AsNoTracking().Where(r => r.InvitationId == invitation.Id).Select(r => new { r.Answers, r.AnsweredAt }).SingleOrDefaultAsync(ct);
        var answers = existing is null ? [] : SurveyResponses.Read(existing.Answers);
        if (http.Request.Query["s"].FirstOrDefault() is { } given && survey.Headline is ScoreQuestion headline)
        {
            if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var score))
            {
                return Form(context, answers, [T(locale, "Cette note n'existe pas : choisissez-en une ci-dessous.", "This score does not exist: pick one below.")], StatusCodes.Status400BadRequest);
            }

            var recorded = await http.RequestServices.GetRequiredService<SurveyResponses>().RecordAsync(db, invitation, [new ScoreAnswer(headline.Key, score)], complete: false, ct);
            return recorded.Error switch
            {
                null => Form(context, SurveyResponses.Read(recorded.Value.Response.Answers), [], StatusCodes.Status200OK),
                Error.Conflict { Code: "already_answered" } => Answered(locale),
                Error.Conflict { Code: "invitation_expired" } => Expired(locale),
                { } error => Form(context, answers, Problems(error), StatusCodes.Status400BadRequest),
            };
        }

        if (existing is not null && !AmendmentWindow.IsOpen(new DateTimeOffset(existing.AnsweredAt, TimeSpan.Zero), clock.GetUtcNow()))
        {
            return Answered(locale);
        }

        return Form(context, answers, [], StatusCodes.Status200OK);
    }

    public static async Task<IResult> AnswerAsync(OutboundMessage message, HttpRequest request, ParcoursDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, message, ct) is not { } context)
        {
            return Unknown();
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : FormCollection.Empty;
        var answers = ReadForm(context.Survey, form);
        var recorded = await request.HttpContext.RequestServices.GetRequiredService<SurveyResponses>().RecordAsync(db, context.Invitation, answers, complete: true, ct);
        return recorded.Error switch
        {
            null => Thanks(context),
            Error.Conflict { Code: "already_answered" } => Answered(context.Locale),
            Error.Conflict { Code: "invitation_expired" } => Expired(context.Locale),
            { } error => Form(context, answers, Problems(error), StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<Context?> FindAsync(ParcoursDbContext db, OutboundMessage message, CancellationToken ct)
    {
        if (SurveyInvitations.InvitationIdOf(message.Data) is not { } id
            || await db.SurveyInvitations.SingleOrDefaultAsync(i => i.Id == id && i.PersonId == message.PersonId, ct) is not { } invitation
            || await SurveyCatalog.SurveyAsync(db, invitation.SurveyKey, ct) is not { } survey)
        {
            return null;
        }

        var locale = await db.People.IgnoreQueryFilters([ParcoursDbContext.SoftDeleteFilter]).Where(p => p.Id == message.PersonId).Select(p => p.Locale).SingleOrDefaultAsync(ct) ?? "fr";
        return new Context(invitation, survey, locale);
    }

    /// <summary>The answers a form posts: <c>s</c>/<c>v</c> for the headline score and its verbatim, <c>q.{key}</c> (and <c>q.{key}.v</c>, <c>q.{key}.satisfied</c>…) for the others.</summary>
    private static List<QuestionAnswer> ReadForm(SurveyDefinition survey, IFormCollection form)
    {
        var answers = new List<QuestionAnswer>();
        foreach (var question in survey.Questions)
        {
            var name = Name(survey, question);
            string? Field(string suffix = "") => form[name + suffix].FirstOrDefault() is { Length: > 0 } value ? value : null;
            int? Score(string suffix = "") => int.TryParse(Field(suffix), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
            string? Verbatim() => name == "s" ? (form["v"].FirstOrDefault() is { Length: > 0 } v ? v : null) : Field(".v");
            switch (question)
            {
                case ScoreQuestion when Score() is { } score:
                    answers.Add(new ScoreAnswer(question.Key, score, Verbatim()));
                    break;
                case CxiQuestion when Score(".satisfied") is { } satisfied && Score(".easy") is { } easy && Score(".recommend") is { } recommend:
                    answers.Add(new CxiAnswer(question.Key, satisfied, easy, recommend, Verbatim()));
                    break;
                case SingleChoiceQuestion or MultipleChoiceQuestion when form[name].Count > 0:
                    answers.Add(new ChoiceAnswer(question.Key, [.. form[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)]));
                    break;
                case FreeTextQuestion when Field() is { } text:
                    answers.Add(new TextAnswer(question.Key, text));
                    break;
            }
        }

        return answers;
    }

    private static string Name(SurveyDefinition survey, SurveyQuestion question) =>
        ReferenceEquals(question, survey.Headline) && question is ScoreQuestion ? "s" : $"q.{question.Key}";

    private static List<string> Problems(Error error) => error is Error.Validation validation ? [.. validation.Failures.Select(f => f.Detail)] : [error.Detail];

    private static string T(string locale, string fr, string en) => PublicLinks.T(locale, fr, en);

    /// <summary>Escapes the five characters that matter in HTML text and attributes; accented letters stay as they are (UTF-8), so French pages stay small.</summary>
    private static string E(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static StringBuilder Open(string locale, string title) => new StringBuilder(4096)
        .Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{(locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "fr")}\"><head><meta charset=\"utf-8\">")
        .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
        .Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><style>")
        .Append("body{font-family:system-ui,sans-serif;max-width:36rem;margin:1.5rem auto;padding:0 1rem;color:#111827;line-height:1.5}")
        .Append("fieldset{border:0;padding:0;margin:0 0 1.5rem}legend{font-weight:600;margin-bottom:.5rem}")
        .Append(".scale{display:flex;flex-wrap:wrap;gap:.35rem}.scale label{display:flex;flex-direction:column;align-items:center;min-width:2.4rem;padding:.3rem;border:1px solid #6b7280;border-radius:.4rem}")
        .Append(".ends{display:flex;justify-content:space-between;font-size:.85rem;color:#374151}.opt{display:block;margin:.3rem 0}")
        .Append("input:focus-visible,textarea:focus-visible,button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}")
        .Append("textarea{width:100%;min-height:6rem;font:inherit;box-sizing:border-box}label.block{display:block;font-weight:600;margin-bottom:.4rem}")
        .Append("button{font:inherit;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#1d4ed8;color:#fff;cursor:pointer}")
        .Append(".problem{color:#b91c1c}.done{padding:1rem;border-radius:.4rem;background:#ecfdf5}</style></head><body><main>");

    private static IResult Close(StringBuilder html, int status) =>
        Results.Content(html.Append("</main></body></html>").ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);

    private static IResult Form(Context context, IReadOnlyList<QuestionAnswer> answers, List<string> problems, int status)
    {
        var (_, survey, locale) = context;
        var html = Open(locale, survey.Name.For(locale)).Append(CultureInfo.InvariantCulture, $"<h1>{E(survey.Name.For(locale))}</h1>");
        if (problems.Count > 0)
        {
            html.Append("<div class=\"problem\" role=\"alert\"><ul>");
            foreach (var problem in problems)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(problem)}</li>");
            }

            html.Append("</ul></div>");
        }

        html.Append("<form method=\"post\">");
        foreach (var question in survey.Questions)
        {
            var answer = answers.FirstOrDefault(a => a.QuestionKey == question.Key);
            var name = Name(survey, question);
            var required = question.Required ? " required" : "";
            switch (question)
            {
                case ScoreQuestion score when name == "s" && answer is ScoreAnswer given && problems.Count == 0:
                    // The score came from the email: thank for it and go on at the follow-up question.
                    var (_, max) = score.Measure.Range();
                    html.Append(CultureInfo.InvariantCulture, $"<p class=\"done\">{T(locale, "Merci ! Votre note", "Thank you! Your score")} : <strong>{given.Score}/{max}</strong></p>")
                        .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"s\" value=\"{given.Score}\">");
                    var follow = score is NpsQuestion nps ? nps.FollowUpFor(given.Score) : null;
                    TextArea(html, "v", (follow?.For(locale)) ?? T(locale, "Voulez-vous nous en dire plus ?", "Would you like to tell us more?"), given.Verbatim, false);
                    break;
                case ScoreQuestion score:
                    Scale(html, name, question.Text.For(locale), score.Measure, (answer as ScoreAnswer)?.Score, required, SurveyInvitations.ScaleLabels(question, locale));
                    var generic = score is NpsQuestion n ? n.FollowUps.Passive ?? n.FollowUps.Detractor : null;
                    TextArea(html, name == "s" ? "v" : name + ".v", generic?.For(locale) ?? T(locale, "Un commentaire ?", "Any comment?"), (answer as ScoreAnswer)?.Verbatim, false);
                    break;
                case CxiQuestion cxi:
                    var cxiAnswer = answer as CxiAnswer;
                    html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(cxi.Text.For(locale))}</strong></p>");
                    Scale(html, name + ".satisfied", cxi.Satisfied.For(locale), Measure.CxiSatisfied, cxiAnswer?.Satisfied, required, SurveyInvitations.ScaleLabels(null, locale));
                    Scale(html, name + ".easy", cxi.Easy.For(locale), Measure.CxiEasy, cxiAnswer?.Easy, required, (T(locale, "pas du tout", "not at all"), T(locale, "très facile", "very easy")));
                    Scale(html, name + ".recommend", cxi.Recommend.For(locale), Measure.CxiRecommend, cxiAnswer?.Recommend, required, (T(locale, "pas du tout", "not at all"), T(locale, "certainement", "certainly")));
                    TextArea(html, name + ".v", T(locale, "Un commentaire ?", "Any comment?"), cxiAnswer?.Verbatim, false);
                    break;
                case SingleChoiceQuestion single:
                    Choices(html, name, single.Text.For(locale), single.Options, (answer as ChoiceAnswer)?.Choices, "radio", locale, required);
                    break;
                case MultipleChoiceQuestion multiple:
                    Choices(html, name, multiple.Text.For(locale), multiple.Options, (answer as ChoiceAnswer)?.Choices, "checkbox", locale, "");
                    break;
                case FreeTextQuestion text:
                    TextArea(html, name, text.Text.For(locale), (answer as TextAnswer)?.Text, question.Required, text.MaxLength);
                    break;
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{T(locale, "Envoyer", "Send")}</button></form>");
        return Close(html, status);
    }

    private static void Scale(StringBuilder html, string name, string legend, Measure measure, int? chosen, string required, (string Low, string High) ends)
    {
        var (min, max) = measure.Range();
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(legend)}</legend><div class=\"scale\">");
        for (var n = min; n <= max; n++)
        {
            var id = $"{name}-{n}";
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"{E(id)}\">{n}<input type=\"radio\" id=\"{E(id)}\" name=\"{E(name)}\" value=\"{n}\"{(chosen == n ? " checked" : "")}{required}></label>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</div><div class=\"ends\"><span>{min} = {E(ends.Low)}</span><span>{max} = {E(ends.High)}</span></div></fieldset>");
    }

    private static void TextArea(StringBuilder html, string name, string label, string? value, bool required, int maxLength = SurveyLimits.DefaultTextLength) =>
        html.Append(CultureInfo.InvariantCulture, $"<p><label class=\"block\" for=\"{E(name)}\">{E(label)}</label>")
            .Append(CultureInfo.InvariantCulture, $"<textarea id=\"{E(name)}\" name=\"{E(name)}\" maxlength=\"{maxLength}\"{(required ? " required" : "")}>{E(value)}</textarea></p>");

    private static void Choices(StringBuilder html, string name, string legend, IReadOnlyList<ChoiceOption> options, IReadOnlyList<string>? chosen, string type, string locale, string required)
    {
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(legend)}</legend>");
        foreach (var option in options)
        {
            var id = $"{name}-{option.Key}";
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"opt\" for=\"{E(id)}\"><input type=\"{type}\" id=\"{E(id)}\" name=\"{E(name)}\" value=\"{E(option.Key)}\"{(chosen?.Contains(option.Key) == true ? " checked" : "")}{required}> {E(option.Text.For(locale))}</label>");
        }

        html.Append("</fieldset>");
    }

    private static IResult Thanks(Context context)
    {
        var locale = context.Locale;
        var text = context.Survey.ThankYou?.For(locale) ?? T(locale, "Merci pour votre réponse : elle nous aide à nous améliorer.", "Thank you for your answer: it helps us improve.");
        var html = Open(locale, T(locale, "Merci", "Thank you")).Append(CultureInfo.InvariantCulture, $"<h1>{T(locale, "Merci !", "Thank you!")}</h1><p class=\"done\" role=\"status\">{E(text)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>{T(locale, "Vous pouvez modifier votre réponse pendant 30 minutes en rouvrant le lien.", "You can change your answer for 30 minutes by opening the link again.")}</p>");
        return Close(html, StatusCodes.Status200OK);
    }

    private static IResult Answered(string locale) =>
        PublicLinks.Page(locale, T(locale, "Déjà répondu", "Already answered"),
            T(locale, "Vous avez déjà répondu à cette enquête. Merci !", "You have already answered this survey. Thank you!"), null, StatusCodes.Status409Conflict);

    private static IResult Expired(string locale) =>
        PublicLinks.Page(locale, T(locale, "Enquête terminée", "Survey closed"),
            T(locale, "Cette enquête est close : il n'est plus possible d'y répondre. Merci de votre intérêt.", "This survey is closed: it can no longer be answered. Thank you for your interest."), null, StatusCodes.Status410Gone);

    private static IResult Unknown() =>
        PublicLinks.Page("fr", "Lien inconnu", "Ce lien n'existe pas ou plus. / This link does not exist any more.", null, StatusCodes.Status404NotFound);
}
