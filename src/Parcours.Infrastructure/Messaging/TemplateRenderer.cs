using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fluid;
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
        LinkFields("https://parcours.example/u/sample"),
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

    public static Dictionary<string, object?> LinkFields(string unsubscribe) => new() { ["unsubscribe"] = unsubscribe };

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
/// Renders Liquid templates with Fluid in a sandbox: the model is plain dictionaries (no .NET object is reachable),
/// unknown variables and filters are errors rather than silent blanks, loops are bounded, and nothing reads files.
/// HTML bodies encode every value; subjects, texts, SMS and voice scripts do not.
/// </summary>
public sealed class TemplateRenderer(TimeProvider clock)
{
    private static readonly FluidParser Parser = new();

    private readonly TemplateOptions _options = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        MaxSteps = 20_000,
        MaxRecursion = 10,
        CultureInfo = CultureInfo.InvariantCulture,
        Now = clock.GetUtcNow,
    };

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
            var subject = variant.Subject is null ? null : One(variant.Subject, model, NullEncoder.Default, "subject").Trim();
            if (channel != MessageChannel.Email)
            {
                return new RenderedMessage(subject, One(variant.Body, model, NullEncoder.Default, "text").Trim(), null);
            }

            var html = One(variant.Body, model, HtmlEncoder.Default, "body");
            var text = string.IsNullOrWhiteSpace(variant.Text) ? TextOf(html) : One(variant.Text, model, NullEncoder.Default, "text part");
            return new RenderedMessage(subject, html, text.Trim());
        }
        catch (TemplateError error)
        {
            return new Error.Invalid("template_render_failed", error.Message);
        }
    }

    private string One(string source, RenderModel model, TextEncoder encoder, string part)
    {
        if (!Parser.TryParse(source, out var template, out var parseError))
        {
            throw new TemplateError($"the {part} does not parse: {parseError}");
        }

        var context = new TemplateContext(_options);
        context.SetValue("person", model.Person);
        context.SetValue("account", model.Account);
        context.SetValue("links", model.Links);
        context.SetValue("data", model.Data);
        try
        {
            return template.Render(context, encoder);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or FluidException)
        {
            throw new TemplateError($"the {part} cannot be rendered: {e.Message}");
        }
    }

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
