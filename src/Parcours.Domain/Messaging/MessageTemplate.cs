using Parcours.Domain.Common;

namespace Parcours.Domain.Messaging;

/// <summary>
/// One language of a message. <see cref="Subject"/> is the email subject (or the in-app title); <see cref="Body"/> is the
/// email's HTML, the SMS text, the voice script or the in-app text; <see cref="Text"/> is the email's plain-text part
/// (derived from the HTML when empty). All are Liquid templates, checked by the renderer.
/// </summary>
public sealed record TemplateVariant(string Locale, string? Subject, string Body, string? Text);

/// <summary>
/// What a message says, per channel, in French and/or English. The variant is chosen by the person's locale, falling
/// back to French (the reference language) and then to whichever exists. Immutable; <see cref="Create"/> checks it.
/// </summary>
public sealed record MessageTemplate(MessageChannel Channel, IReadOnlyList<TemplateVariant> Variants)
{
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 50_000;
    public const int MaxSmsLength = 1_600;
    public const int MaxVoiceLength = 3_000;

    public static Result<MessageTemplate> Create(MessageChannel channel, IEnumerable<TemplateVariant>? variants)
    {
        var checks = new Checks();
        if (!Enum.IsDefined(channel))
        {
            checks.Fail("invalid_channel", "channel is Email, Sms, Voice or InApp.", "channel");
        }

        var list = (variants ?? []).Select(v => v with { Locale = (v.Locale ?? "").Trim().ToLowerInvariant() }).ToList();
        if (list.Count == 0)
        {
            checks.Fail("no_variant", "A template needs a French or an English version.", "variants");
        }

        foreach (var group in list.GroupBy(v => v.Locale).Where(g => g.Count() > 1))
        {
            checks.Fail("duplicate_locale", $"Two versions in '{group.Key}'.", "variants");
        }

        var bodyLimit = channel switch
        {
            MessageChannel.Sms => MaxSmsLength,
            MessageChannel.Voice => MaxVoiceLength,
            _ => MaxBodyLength,
        };
        foreach (var variant in list)
        {
            var field = $"variants.{variant.Locale}";
            if (!Values.SupportedLocales.Contains(variant.Locale))
            {
                checks.Fail("invalid_locale", $"A version is in 'fr' or 'en', not '{variant.Locale}'.", field);
            }

            if (string.IsNullOrWhiteSpace(variant.Body))
            {
                checks.Fail("empty_body", $"The '{variant.Locale}' version has no text.", field);
            }
            else if (variant.Body.Length > bodyLimit)
            {
                checks.Fail("body_too_long", $"The '{variant.Locale}' text has {variant.Body.Length} characters; at most {bodyLimit} on {channel}.", field);
            }

            if (channel == MessageChannel.Email && string.IsNullOrWhiteSpace(variant.Subject))
            {
                checks.Fail("empty_subject", $"The '{variant.Locale}' email needs a subject.", field);
            }

            if (variant.Subject is { Length: > MaxSubjectLength })
            {
                checks.Fail("subject_too_long", $"A subject has at most {MaxSubjectLength} characters.", field);
            }

            if (variant.Text is { Length: > MaxBodyLength })
            {
                checks.Fail("body_too_long", $"The '{variant.Locale}' text part has at most {MaxBodyLength} characters.", field);
            }
        }

        return checks.Finish(() => new MessageTemplate(channel, list));
    }

    /// <summary>The version for a person's locale ("en-GB" → "en"), else French, else the first.</summary>
    public TemplateVariant VariantFor(string? locale)
    {
        var language = (locale ?? "").Split('-', '_')[0].ToLowerInvariant();
        return Variants.FirstOrDefault(v => v.Locale == language)
            ?? Variants.FirstOrDefault(v => v.Locale == "fr")
            ?? Variants[0];
    }
}
