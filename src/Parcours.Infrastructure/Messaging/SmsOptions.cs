using System.ComponentModel.DataAnnotations;

namespace Parcours.Infrastructure.Messaging;

/// <summary>
/// Section "Sms": an HTTP SMS and voice provider speaking Twilio's REST API (Twilio itself, or a compatible gateway).
/// Without a base URL and an account, SMS and voice messages fail with "provider not configured".
/// </summary>
public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    /// <summary>e.g. https://api.twilio.com/2010-04-01</summary>
    public Uri? BaseUrl { get; set; }

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sender number (E.164) or alphanumeric sender id.</summary>
    public string? From { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsConfigured =>
        BaseUrl is not null && !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken) && !string.IsNullOrWhiteSpace(From);
}

/// <summary>Section "Messaging": what outgoing messages need to know about this Parcours.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>The public address of Parcours, for unsubscribe links, tracked links and provider callbacks.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>What playbook messages give as <c>support.email</c>; the SMTP sender address when unset.</summary>
    public string? SupportEmail { get; set; }

    /// <summary>What playbook messages give as <c>support.phone</c>.</summary>
    public string? SupportPhone { get; set; }

    /// <summary>The customers' help centre (<c>help.url</c>) and product (<c>app.url</c>); the public address when unset.</summary>
    public Uri? HelpUrl { get; set; }

    public Uri? AppUrl { get; set; }
}
