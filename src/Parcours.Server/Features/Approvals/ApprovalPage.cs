using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Approvals;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Messaging;

namespace Parcours.Server.Features.Approvals;

/// <summary>
/// <c>/r/{token}</c>: the page where a person answers the message that carries the link. The token is the message's own
/// (ADR 8), so the link works for the contact it was sent to and nobody else; an approval is answered there by one
/// button or a comment. Plain HTML, no script, works with JavaScript off; rate-limited like the other public links.
/// </summary>
public static class ApprovalPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapResponsePages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().RequireRateLimiting(PublicLinks.RateLimit);
        group.MapGet("/r/{token}", ShowAsync);
        group.MapPost("/r/{token}", AnswerAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16_384));
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, ParcoursDbContext db, CancellationToken ct)
    {
        var found = await PublicLinks.FindAsync(db, token, ct);
        if (found is { Kind: Surveys.SurveyInvitations.MessageKind })
        {
            return await Surveys.SurveyPage.ShowAsync(found, http, db, ct);
        }

        var (message, approval, locale) = await FindAsync(db, found, ct);
        return message is null || approval is null ? Unknown() : Render(approval, locale, null);
    }

    private static async Task<IResult> AnswerAsync(string token, HttpRequest request, ParcoursDbContext db, Approvals approvals, CancellationToken ct)
    {
        var found = await PublicLinks.FindAsync(db, token, ct);
        if (found is { Kind: Surveys.SurveyInvitations.MessageKind })
        {
            return await Surveys.SurveyPage.AnswerAsync(found, request, db, ct);
        }

        var (message, approval, locale) = await FindAsync(db, found, ct);
        if (message is null || approval is null)
        {
            return Unknown();
        }

        var form = await request.ReadFormAsync(ct);
        var approve = form["decision"] == "approve";
        var decided = await approvals.DecideAsync(db, approval.Id, message.PersonId, approve, form["comment"], ct);
        if (decided.Error is { } error)
        {
            return Render(approval, locale, error.Detail, StatusCodes.Status400BadRequest);
        }

        return Render(decided.Value, locale, null);
    }

    private static async Task<(OutboundMessage? Message, Infrastructure.Playbooks.ApprovalRequestRow? Approval, string Locale)> FindAsync(
        ParcoursDbContext db, OutboundMessage? found, CancellationToken ct)
    {
        if (found is not { Kind: Approvals.MessageKind } message || message.Data is null)
        {
            return (null, null, "fr");
        }

        var id = JsonDocument.Parse(message.Data).RootElement.TryGetProperty("approvalId", out var value) && value.TryGetGuid(out var guid) ? guid : Guid.Empty;
        var approval = await db.ApprovalRequests.SingleOrDefaultAsync(a => a.Id == id, ct);
        var locale = await db.People.Where(p => p.Id == message.PersonId).Select(p => p.Locale).SingleOrDefaultAsync(ct) ?? "fr";
        return (message, approval, locale);
    }

    private static IResult Unknown() =>
        PublicLinks.Page("fr", "Lien inconnu", "Ce lien n'existe pas ou plus. / This link does not exist any more.", null, StatusCodes.Status404NotFound);

    private static IResult Render(Infrastructure.Playbooks.ApprovalRequestRow approval, string locale, string? problem, int status = StatusCodes.Status200OK)
    {
        string T(string fr, string en) => PublicLinks.T(locale, fr, en);
        string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{(locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "fr")}\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(approval.Title)}</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:34rem;margin:2.5rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}")
            .Append("button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1d4ed8;color:#fff;cursor:pointer}")
            .Append("button.secondary{background:#374151}textarea{width:100%;min-height:6rem;font:inherit;margin:.5rem 0}label{font-weight:600}")
            .Append(".problem{color:#b91c1c}.done{padding:1rem;border-radius:.4rem;background:#ecfdf5}</style></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{E(approval.Title)}</h1>");
        if (approval.Detail is { } detail)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(detail)}</p>");
        }

        switch (approval.Status)
        {
            case ApprovalStatus.Approved:
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"done\">{T("Validé. Merci !", "Approved. Thank you!")}</p>");
                break;
            case ApprovalStatus.ChangesRequested:
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"done\">{T("Votre commentaire a été transmis :", "Your comment was passed on:")} « {E(approval.Comment)} »</p>");
                break;
            case ApprovalStatus.Cancelled:
                html.Append(CultureInfo.InvariantCulture, $"<p>{T("Cette demande a été annulée.", "This request was cancelled.")}</p>");
                break;
            default:
                if (problem is not null)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<p class=\"problem\" role=\"alert\">{E(problem)}</p>");
                }

                html.Append(CultureInfo.InvariantCulture, $"<p>{T("Réponse attendue avant le", "Please answer by")} {approval.Deadline:yyyy-MM-dd HH:mm} UTC.</p>")
                    .Append(CultureInfo.InvariantCulture, $"<form method=\"post\"><button type=\"submit\" name=\"decision\" value=\"approve\">{T("Je valide", "I approve")}</button></form>")
                    .Append(CultureInfo.InvariantCulture, $"<form method=\"post\"><p><label for=\"comment\">{T("Ou dites ce qui doit changer :", "Or say what should change:")}</label>")
                    .Append(CultureInfo.InvariantCulture, $"<textarea id=\"comment\" name=\"comment\" maxlength=\"{Infrastructure.Playbooks.ApprovalRequestRow.MaxCommentLength}\"></textarea></p>")
                    .Append(CultureInfo.InvariantCulture, $"<button class=\"secondary\" type=\"submit\" name=\"decision\" value=\"comment\">{T("Envoyer mon commentaire", "Send my comment")}</button></form>");
                break;
        }

        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
