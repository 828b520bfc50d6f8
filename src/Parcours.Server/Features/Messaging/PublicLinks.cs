using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Messaging;

/// <summary>
/// The anonymous endpoints a message carries: <c>/u/{token}</c> (unsubscribe: GET shows a confirmation, POST — the
/// form's or a mail client's one-click — unsubscribes at once), <c>/l/{token}/{n}</c> (a tracked link: counts the click
/// and redirects to the n-th URL recorded for that message, nothing else) and <c>/hooks/sms/{token}</c> (the provider's
/// status callback, signed). The token is 40 random characters; only its hash is looked up. ADR 8.
/// </summary>
public static class PublicLinks
{
    public const string RateLimit = "public-links";
    public const string LinkClickedSignal = "Message Link Clicked";

    public static void MapPublicLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().RequireRateLimiting(RateLimit);
        group.MapGet("/u/{token}", ConfirmAsync);
        group.MapPost("/u/{token}", UnsubscribeAsync);
        group.MapGet("/l/{token}/{position:int}", FollowAsync);
        group.MapPost("/hooks/sms/{token}", StatusCallbackAsync);
    }

    /// <summary>The message a public token names, with the request entered into its workspace; null for an unknown token.</summary>
    internal static async Task<OutboundMessage?> FindAsync(ParcoursDbContext db, string token, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        var hash = Secrets.Hash(token);
        var message = await db.Messages.IgnoreQueryFilters([ParcoursDbContext.TenantFilter]).SingleOrDefaultAsync(m => m.TokenHash == hash, ct);
        if (message is not null)
        {
            // From here on the request acts for the message's workspace, under the usual filter and write guard.
            db.Scope.Enter(message.WorkspaceId);
        }

        return message;
    }

    private static async Task<IResult> ConfirmAsync(string token, ParcoursDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, token, ct) is not { Channel: MessageChannel.Email } message)
        {
            return Page("fr", "Lien inconnu", "Ce lien de désabonnement n'existe pas ou plus.", null, StatusCodes.Status404NotFound);
        }

        var locale = await LocaleAsync(db, message, ct);
        return message.UnsubscribedAt is not null
            ? Page(locale, T(locale, "Vous êtes désabonné·e", "You are unsubscribed"), T(locale, "Vous ne recevrez plus nos e-mails.", "You will not receive our emails any more."), null)
            : Page(locale, T(locale, "Se désabonner", "Unsubscribe"),
                T(locale, "Vous ne recevrez plus aucun e-mail de notre part.", "You will not receive any email from us any more."),
                T(locale, "Me désabonner", "Unsubscribe me"));
    }

    private static async Task<IResult> UnsubscribeAsync(string token, ParcoursDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, token, ct) is not { Channel: MessageChannel.Email } message)
        {
            return Page("fr", "Lien inconnu", "Ce lien de désabonnement n'existe pas ou plus.", null, StatusCodes.Status404NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var person = await db.People.IgnoreQueryFilters([ParcoursDbContext.SoftDeleteFilter]).SingleOrDefaultAsync(p => p.Id == message.PersonId, ct);
        person?.WithdrawConsent(MessageChannel.Email, clock);
        message.UnsubscribedAt ??= now;
        if (!await db.ContactOptOuts.AnyAsync(o => o.PersonId == message.PersonId && o.Channel == MessageChannel.Email, ct))
        {
            db.ContactOptOuts.Add(new ContactOptOut { WorkspaceId = message.WorkspaceId, PersonId = message.PersonId, Channel = MessageChannel.Email, At = now, MessageId = message.Id });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the other one recorded the opt-out, and the consent is off either way.
        }

        var locale = person?.Locale ?? "fr";
        return Page(locale, T(locale, "Vous êtes désabonné·e", "You are unsubscribed"), T(locale, "C'est fait : vous ne recevrez plus nos e-mails.", "Done: you will not receive our emails any more."), null);
    }

    private static async Task<IResult> FollowAsync(string token, int position, ParcoursDbContext db, IEventStore events, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, token, ct) is not { } message
            || await db.MessageLinks.SingleOrDefaultAsync(l => l.MessageId == message.Id && l.Position == position, ct) is not { } link)
        {
            return Results.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        link.Clicks++;
        link.FirstClickedAt ??= now;
        message.Clicks++;
        message.ClickedAt ??= now;
        await db.SaveChangesAsync(ct);

        // A click is an interaction: it goes to the event log as a signal, like the product's own events.
        var person = await db.People.AsNoTracking().Where(p => p.Id == message.PersonId).Select(p => new { p.ExternalId }).SingleOrDefaultAsync(ct);
        if (person?.ExternalId is { } userId)
        {
            await events.AppendAsync([new RawEvent
            {
                WorkspaceId = message.WorkspaceId,
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                MessageId = $"prc-click-{message.Id:N}-{position}-{link.Clicks}",
                Type = "signal",
                Name = LinkClickedSignal,
                UserId = userId,
                Timestamp = now,
                ReceivedAt = now,
                Properties = JsonSerializer.Serialize(new { messageId = message.Id, kind = message.Kind, url = link.Url, position }),
            }], ct);
        }

        return Results.Redirect(link.Url);
    }

    private static async Task<IResult> StatusCallbackAsync(
        string token, HttpRequest request, ParcoursDbContext db, HttpMessagingProvider provider, IOptions<MessagingOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await request.ReadFormAsync(ct);
        var fields = form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString())).ToList();
        // The provider signs the URL it was given, which is under the public base URL, not what this node sees.
        var url = new Uri($"{options.Value.PublicBaseUrl.ToString().TrimEnd('/')}/hooks/sms/{token}");
        if (!provider.VerifySignature(url, fields, request.Headers["X-Twilio-Signature"]))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await FindAsync(db, token, ct) is not { Channel: MessageChannel.Sms or MessageChannel.Voice } message)
        {
            return Results.NotFound();
        }

        var reported = HttpMessagingProvider.StatusOf(form["MessageStatus"].FirstOrDefault() ?? form["CallStatus"].FirstOrDefault());
        var now = clock.GetUtcNow().UtcDateTime;
        if (reported is { } status && message.Status.CanReport(status))
        {
            message.Status = status;
            message.UpdatedAt = now;
            if (status == MessageStatus.Delivered)
            {
                message.DeliveredAt = now;
            }
            else
            {
                message.FailedAt = now;
                message.Reason = "provider_failed";
                message.Detail = $"{form["MessageStatus"].FirstOrDefault() ?? form["CallStatus"].FirstOrDefault()} {form["ErrorCode"].FirstOrDefault()}".Trim();
            }

            await db.SaveChangesAsync(ct);
        }

        return Results.NoContent();
    }

    private static async Task<string> LocaleAsync(ParcoursDbContext db, OutboundMessage message, CancellationToken ct) =>
        await db.People.IgnoreQueryFilters([ParcoursDbContext.SoftDeleteFilter]).Where(p => p.Id == message.PersonId).Select(p => p.Locale).SingleOrDefaultAsync(ct) ?? "fr";

    internal static string T(string locale, string fr, string en) => locale.StartsWith("en", StringComparison.Ordinal) ? en : fr;

    /// <summary>A small self-contained page (no script, no cookie, no tracking): the message and, to confirm, one button.</summary>
    internal static IResult Page(string locale, string title, string text, string? button, int status = StatusCodes.Status200OK)
    {
        var lang = locale.StartsWith("en", StringComparison.Ordinal) ? "en" : "fr";
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title)}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2937}}button{{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1d4ed8;color:#fff;cursor:pointer}}</style></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>");
        if (button is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\"><button type=\"submit\">{WebUtility.HtmlEncode(button)}</button></form>");
        }

        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
