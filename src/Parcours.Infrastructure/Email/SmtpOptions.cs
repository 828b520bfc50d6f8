using System.ComponentModel.DataAnnotations;

namespace Parcours.Infrastructure.Email;

/// <summary>Section "Smtp". With no host, Parcours sends no email and the cockpit shows links to copy instead.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>StartTls when the server offers it; set false only for a local test server.</summary>
    public bool UseTls { get; set; } = true;

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = "parcours@localhost";

    [Required]
    public string FromName { get; set; } = "Parcours";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
