using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Parcours.Infrastructure.Email;

/// <summary>An email to send. <paramref name="Headers"/> adds headers such as List-Unsubscribe.</summary>
public sealed record OutgoingEmail(string To, string Subject, string TextBody, string HtmlBody, string IdempotencyKey, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>Sends mail over SMTP with MailKit. The idempotency key becomes the Message-ID, so a resend is recognisable downstream.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Sends one email and returns its Message-ID (without angle brackets).</summary>
    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured)
        {
            throw new InvalidOperationException("SMTP is not configured (Smtp:Host).");
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        var domain = smtp.FromAddress.Split('@')[^1];
        message.MessageId = $"{email.IdempotencyKey}@{domain}";
        foreach (var (name, value) in email.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.Add(name, value);
        }

        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        return message.MessageId;
    }
}
