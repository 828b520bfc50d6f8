using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Parcours.Domain.Messaging;
using Parcours.Domain.Playbooks;
using PlaybookChannel = Parcours.Domain.Playbooks.MessageChannel;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// Turns a playbook's message texts into message templates the renderer sends. Playbook texts are written for people:
/// plain paragraphs, and variables named as a team reads them (<c>{{ csm.name }}</c>). The renderer knows
/// <c>person.*</c>, <c>account.*</c>, <c>links.*</c> and <c>data.*</c>, so every other root moves under <c>data</c>
/// (filled per enrolment by <see cref="EnrolmentData"/>), and an email's paragraphs become HTML with the static text
/// encoded and the placeholders left as they are.
/// </summary>
public static partial class PlaybookTexts
{
    public static Domain.Messaging.MessageChannel Channel(PlaybookChannel channel) => (Domain.Messaging.MessageChannel)(int)channel;

    /// <summary>The template of a message or series step, in French and English.</summary>
    public static MessageTemplate Template(PlaybookChannel channel, LocalizedText? subject, LocalizedText body)
    {
        var target = Channel(channel);
        return new MessageTemplate(target, [Variant("fr", target, subject?.Fr, body.Fr), Variant("en", target, subject?.En, body.En)]);
    }

    /// <summary><c>{{ csm.name }}</c> → <c>{{ data.csm.name }}</c>; person, account, links and data stay.</summary>
    public static string Rewrite(string text) =>
        Placeholder().Replace(text, m => m.Groups["root"].Value is "person" or "account" or "links" or "data"
            ? m.Value
            : m.Value.Insert(m.Groups["root"].Index - m.Index, "data."));

    /// <summary>Paragraphs (blank-line separated) as HTML paragraphs, single newlines as line breaks; placeholders kept.</summary>
    public static string Html(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in Paragraphs().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()))
        {
            html.Append("<p>");
            var last = 0;
            foreach (Match placeholder in Placeholder().Matches(paragraph))
            {
                html.Append(Encode(paragraph[last..placeholder.Index])).Append(placeholder.Value);
                last = placeholder.Index + placeholder.Length;
            }

            html.Append(Encode(paragraph[last..])).Append("</p>\n");
        }

        return html.ToString();
    }

    /// <summary>
    /// A short text (a task's title, a timeline line) with its variables filled for one enrolment; the text as written
    /// when it cannot be rendered (publication checks every message, so that is rare).
    /// </summary>
    public static string Fill(Infrastructure.Messaging.TemplateRenderer renderer, string text, Infrastructure.Messaging.RenderModel model, int? occurrence = null)
    {
        var source = Rewrite(occurrence is { } n ? SeriesNumber().Replace(text, n.ToString(System.Globalization.CultureInfo.InvariantCulture)) : text);
        return renderer.Render(Domain.Messaging.MessageChannel.Sms, new TemplateVariant("fr", null, source, null), model) is { IsSuccess: true } rendered
            ? rendered.Value.Body
            : text;
    }

    private static TemplateVariant Variant(string locale, Domain.Messaging.MessageChannel channel, string? subject, string body)
    {
        var text = Rewrite(body.Trim());
        return channel == Domain.Messaging.MessageChannel.Email
            ? new TemplateVariant(locale, subject is null ? null : Rewrite(subject), Html(text), text)
            : new TemplateVariant(locale, subject is null ? null : Rewrite(subject), text, null);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br>\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{-?\s*(?<root>[a-z_][a-z0-9_]*)(\.[a-z0-9_.]+)?\s*(\|[^{}]*)?-?\}\}", RegexOptions.None, 1000)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\{\s*series\.number\s*\}\}", RegexOptions.None, 1000)]
    private static partial Regex SeriesNumber();

    [GeneratedRegex(@"\n\s*\n", RegexOptions.None, 1000)]
    private static partial Regex Paragraphs();
}
