using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;

namespace Parcours.Infrastructure.Messaging;

/// <summary>The variables a template sees: <c>person.*</c>, <c>account.*</c>, <c>links.*</c> and the sender's <c>data.*</c>.</summary>
public sealed record RenderModel(
    IReadOnlyDictionary<string, object?> Person,
    IReadOnlyDictionary<string, object?> Account,
    IReadOnlyDictionary<string, object?> Links,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>A model with every variable a template may use, for checking templates before they are saved.</summary>
    public static RenderModel Sample { get; } = new(
        PersonFields("Ada", "Lovelace", "ada@example.com", "+33600000000", "Directrice", "fr"),
        AccountFields("Exemple SAS", "PME", "Pro"),
        LinkFields("https://parcours.example/u/sample", "https://parcours.example/r/sample"),
        new Dictionary<string, object?>());

    public static Dictionary<string, object?> PersonFields(string firstName, string lastName, string? email, string? phone, string? jobTitle, string locale) => new()
    {
        ["first_name"] = firstName,
        ["last_name"] = lastName,
        ["full_name"] = $"{firstName} {lastName}".Trim(),
        ["email"] = email ?? "",
        ["phone"] = phone ?? "",
        ["job_title"] = jobTitle ?? "",
        ["locale"] = locale,
    };

    public static Dictionary<string, object?> AccountFields(string? name, string? segment, string? plan) => new()
    {
        ["name"] = name ?? "",
        ["segment"] = segment ?? "",
        ["plan"] = plan ?? "",
    };

    /// <summary><c>links.unsubscribe</c>, and <c>links.respond</c>: the message's own page where its person answers (an approval, a survey).</summary>
    public static Dictionary<string, object?> LinkFields(string unsubscribe, string respond = "") => new() { ["unsubscribe"] = unsubscribe, ["respond"] = respond };

    /// <summary>The sender's extra variables (a JSON object), as plain values a template can read.</summary>
    public static Dictionary<string, object?> DataFields(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value))
            : [];
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        _ => null,
    };
}

/// <summary>A rendered message: the subject, the body (HTML for email), the plain-text part (email only).</summary>
public sealed record RenderedMessage(string? Subject, string Body, string? Text);

/// <summary>
/// Renders Liquid templates with DotLiquid in a sandbox: the model is plain dictionaries (no .NET object is reachable),
/// a variable outside <c>person</c>, <c>account</c>, <c>links</c> and <c>data</c> or an unknown field of the first
/// three is an error rather than a silent blank, as is an unknown filter; loops are bounded, rendering has a timeout,
/// and nothing reads files (no include). In an HTML body every value is HTML-encoded; subjects, texts, SMS and voice
/// scripts are not encoded. (ADR 8 says why DotLiquid rather than Fluid.)
/// </summary>
public sealed partial class TemplateRenderer
{
    private const int MaxIterations = 1_000;

    private readonly CultureInfo _culture = CultureInfo.InvariantCulture;

    /// <summary>Parses each version and renders it with the sample model: a bad tag or an unknown variable is reported by field.</summary>
    public Error? Check(MessageTemplate template)
    {
        var failures = new List<Error.Invalid>();
        foreach (var variant in template.Variants)
        {
            if (Render(template.Channel, variant, RenderModel.Sample).Error is { } error)
            {
                failures.Add(new Error.Invalid("invalid_template", $"'{variant.Locale}' version: {error.Detail}", $"variants.{variant.Locale}"));
            }
        }

        return failures.Count == 0 ? null : new Error.Validation(failures);
    }

    public Result<RenderedMessage> Render(MessageChannel channel, TemplateVariant variant, RenderModel model)
    {
        try
        {
            var subject = variant.Subject is null ? null : One(variant.Subject, model, html: false, "subject").Trim();
            if (channel != MessageChannel.Email)
            {
                return new RenderedMessage(subject, One(variant.Body, model, html: false, "text").Trim(), null);
            }

            var html = One(variant.Body, model, html: true, "body");
            var text = string.IsNullOrWhiteSpace(variant.Text) ? TextOf(html) : One(variant.Text, model, html: false, "text part");
            return new RenderedMessage(subject, html, text.Trim());
        }
        catch (TemplateError error)
        {
            return new Error.Invalid("template_render_failed", error.Message);
        }
    }

    private string One(string source, RenderModel model, bool html, string part)
    {
        CheckVariables(source, model, part);
        DotLiquid.Template template;
        try
        {
            template = DotLiquid.Template.Parse(source);
        }
        catch (DotLiquid.Exceptions.LiquidException e)
        {
            throw new TemplateError($"the {part} does not parse: {e.Message}");
        }

        var variables = new DotLiquid.Hash
        {
            ["person"] = Values(model.Person, html),
            ["account"] = Values(model.Account, html),
            ["links"] = Values(model.Links, html),
            ["data"] = Values(model.Data, html),
        };
        try
        {
            return template.Render(new DotLiquid.RenderParameters(_culture)
            {
                LocalVariables = variables,
                ErrorsOutputMode = DotLiquid.ErrorsOutputMode.Rethrow,
                MaxIterations = MaxIterations,
                Timeout = 1_000,
            });
        }
        catch (Exception e) when (e is DotLiquid.Exceptions.LiquidException or InvalidOperationException or ArgumentException or FormatException or TimeoutException)
        {
            throw new TemplateError($"the {part} cannot be rendered: {e.Message}");
        }
    }

    /// <summary>Every variable an output or a tag names must exist: a typo ({{ person.prenom }}) is an error, not a blank.</summary>
    private static void CheckVariables(string source, RenderModel model, string part)
    {
        var roots = new Dictionary<string, IReadOnlyDictionary<string, object?>?>(StringComparer.Ordinal)
        {
            ["person"] = model.Person, ["account"] = model.Account, ["links"] = model.Links, ["data"] = null,
        };
        var assigned = new HashSet<string>(AssignPattern().Matches(source).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        foreach (Match block in BlockPattern().Matches(source))
        {
            var code = QuotedPattern().Replace(block.Groups["code"].Value, "");
            var words = code.Split('|')[0];
            foreach (Match reference in ReferencePattern().Matches(words))
            {
                var path = reference.Value.Split('.');
                if (Keywords.Contains(path[0]) || assigned.Contains(path[0]) || reference.Index > 0 && words[reference.Index - 1] is '.' or '[')
                {
                    continue;
                }

                if (!roots.TryGetValue(path[0], out var fields))
                {
                    throw new TemplateError($"the {part} uses an unknown variable '{reference.Value}' (use person.*, account.*, links.* or data.*).");
                }

                if (fields is not null && path.Length > 1 && !fields.ContainsKey(path[1]) && path[1] is not ("size" or "first" or "last"))
                {
                    throw new TemplateError($"the {part} uses an unknown variable '{reference.Value}'; {path[0]} has {string.Join(", ", fields.Keys)}.");
                }
            }
        }
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "elsif", "else", "endif", "unless", "endunless", "for", "endfor", "in", "and", "or", "contains", "true", "false", "nil", "null",
        "empty", "blank", "assign", "capture", "endcapture", "case", "when", "endcase", "comment", "endcomment", "raw", "endraw", "limit", "offset",
        "reversed", "cycle", "increment", "decrement", "break", "continue", "forloop", "with",
    };

    [GeneratedRegex(@"\{\{-?(?<code>.*?)-?\}\}|\{%-?(?<code>.*?)-?%\}", RegexOptions.Singleline, 1000)]
    private static partial Regex BlockPattern();

    [GeneratedRegex("""("[^"]*"|'[^']*')""", RegexOptions.None, 1000)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", RegexOptions.None, 1000)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"\{%-?\s*(?:assign|capture|for)\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.None, 1000)]
    private static partial Regex AssignPattern();

    private static DotLiquid.Hash Values(IReadOnlyDictionary<string, object?> fields, bool html)
    {
        var hash = new DotLiquid.Hash();
        foreach (var (key, value) in fields)
        {
            hash[key] = Value(value, html);
        }

        return hash;
    }

    private static object? Value(object? value, bool html) => value switch
    {
        string text => html ? WebUtility.HtmlEncode(text) : text,
        IReadOnlyDictionary<string, object?> nested => Values(nested, html),
        IEnumerable<object?> list => list.Select(v => Value(v, html)).ToList(),
        _ => value,
    };

    /// <summary>A readable plain-text version of an HTML body: links keep their URL, blocks become lines.</summary>
    public static string TextOf(string html)
    {
        var text = Regex.Replace(html, """<a\s[^>]*href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", "$2 ($1)", RegexOptions.IgnoreCase | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        text = Regex.Replace(text, @"<(br|/p|/div|/h[1-6]|/li|/tr)\s*/?>", "\n", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        text = Regex.Replace(text, "<[^>]+>", "", RegexOptions.None, TimeSpan.FromSeconds(1));
        text = WebUtility.HtmlDecode(text);
        return Regex.Replace(text, @"[ \t]*\n[ \t\n]*\n", "\n\n", RegexOptions.None, TimeSpan.FromSeconds(1)).Trim();
    }

    private sealed class TemplateError(string message) : Exception(message);
}

/// <summary>
/// Replaces the links of a rendered email by tracked redirects <c>{base}/l/{token}/{n}</c>, the same n in the HTML and
/// the text part for the same URL, and returns the URLs by position: the redirect goes only to these.
/// </summary>
public static partial class LinkTracker
{
    public static (string Html, string Text, IReadOnlyList<string> Urls) Track(string html, string text, Func<int, string> trackedUrl, Func<string, bool> keep)
    {
        var urls = new List<string>();
        int PositionOf(string url)
        {
            var index = urls.IndexOf(url);
            if (index < 0)
            {
                urls.Add(url);
                index = urls.Count - 1;
            }

            return index;
        }

        var trackedHtml = HrefPattern().Replace(html, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            return keep(url) || url.Length > MessageLink.MaxUrlLength
                ? m.Value
                : $"{m.Groups["before"].Value}{WebUtility.HtmlEncode(trackedUrl(PositionOf(url)))}{m.Groups["after"].Value}";
        });
        var trackedText = UrlPattern().Replace(text, m =>
            keep(m.Value) || m.Value.Length > MessageLink.MaxUrlLength ? m.Value : trackedUrl(PositionOf(m.Value)));
        return (trackedHtml, trackedText, urls);
    }

    [GeneratedRegex("""(?<before><a\s[^>]*?href\s*=\s*["'])(?<url>https?://[^"']+)(?<after>["'])""", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex HrefPattern();

    [GeneratedRegex("""https?://[^\s<>"')\]]+""", RegexOptions.None, 1000)]
    private static partial Regex UrlPattern();
}
