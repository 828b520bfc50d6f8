using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Parcours.Infrastructure.Messaging;

/// <summary>What the provider said: accepted (with its id), refused (nothing sent; permanent or not).</summary>
public abstract record ProviderResult
{
    private ProviderResult()
    {
    }

    public sealed record Accepted(string Reference, string? Status) : ProviderResult;

    public sealed record Refused(string Error, bool Permanent) : ProviderResult;
}

/// <summary>
/// SMS and voice-message drops through an HTTP provider speaking Twilio's REST API: a form POST to
/// <c>{base}/Accounts/{sid}/Messages.json</c> (To, From, Body) or <c>Calls.json</c> (To, From, Twiml with the script, and
/// answering-machine detection so the message is left on the voicemail), Basic auth with the account and token, a
/// <c>StatusCallback</c> URL, and our idempotency key in <c>I-Twilio-Idempotency-Token</c> so a retry after an unknown
/// outcome is dropped by the provider.
/// <para>A 4xx answer means nothing was sent (permanent, except 429); a connection refused too. A 5xx or a timeout is an
/// unknown outcome and throws: the agenda retries with the same key.</para>
/// </summary>
public sealed class HttpMessagingProvider(HttpClient http, IOptions<SmsOptions> options)
{
    public const string IdempotencyHeader = "I-Twilio-Idempotency-Token";

    public bool IsConfigured => options.Value.IsConfigured;

    public Task<ProviderResult> SendSmsAsync(string to, string body, string idempotencyKey, Uri statusCallback, CancellationToken ct) =>
        PostAsync("Messages.json", idempotencyKey, ct,
            ("To", to), ("From", options.Value.From!), ("Body", body), ("StatusCallback", statusCallback.ToString()));

    public Task<ProviderResult> DropVoiceMessageAsync(string to, string script, string locale, Uri statusCallback, string idempotencyKey, CancellationToken ct)
    {
        var language = locale.StartsWith("en", StringComparison.Ordinal) ? "en-GB" : "fr-FR";
        var twiml = $"<Response><Say language=\"{language}\">{SecurityElement.Escape(script)}</Say></Response>";
        return PostAsync("Calls.json", idempotencyKey, ct,
            ("To", to), ("From", options.Value.From!), ("Twiml", twiml), ("MachineDetection", "DetectMessageEnd"),
            ("StatusCallback", statusCallback.ToString()));
    }

    private async Task<ProviderResult> PostAsync(string resource, string idempotencyKey, CancellationToken ct, params (string Name, string Value)[] fields)
    {
        var sms = options.Value;
        if (!sms.IsConfigured)
        {
            return new ProviderResult.Refused("The SMS provider is not configured (Sms:BaseUrl, AccountSid, AuthToken, From).", Permanent: true);
        }

        var url = new Uri($"{sms.BaseUrl!.ToString().TrimEnd('/')}/Accounts/{Uri.EscapeDataString(sms.AccountSid!)}/{resource}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sms.AccountSid}:{sms.AuthToken}")));
        request.Headers.Add(IdempotencyHeader, idempotencyKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(sms.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound })
        {
            return new ProviderResult.Refused($"The SMS provider cannot be reached: {e.Message}", Permanent: false);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(body);
                var sid = json.RootElement.TryGetProperty("sid", out var s) ? s.GetString() : null;
                var status = json.RootElement.TryGetProperty("status", out var st) ? st.GetString() : null;
                return new ProviderResult.Accepted(sid ?? "", status);
            }

            var code = (int)response.StatusCode;
            if (code >= 500)
            {
                throw new HttpRequestException($"The SMS provider answered {code}; the message may or may not have been sent.");
            }

            return new ProviderResult.Refused($"The SMS provider refused the message ({code}): {Trim(body)}", Permanent: response.StatusCode != HttpStatusCode.TooManyRequests);
        }
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] : text;

    /// <summary>
    /// Twilio's request signature: Base64(HMAC-SHA1(auth token, full URL + each POST field name and value, sorted by
    /// name)). The provider signs its status callbacks so; a test provider signs the same way.
    /// </summary>
    public static string Signature(string authToken, Uri url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url.ToString());
        foreach (var (key, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // Twilio's protocol fixes HMAC-SHA1; the callback URL also carries the message's own 190-bit token.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public bool VerifySignature(Uri url, IEnumerable<KeyValuePair<string, string>> form, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || options.Value.AuthToken is not { Length: > 0 } token)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(token, url, form)), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>A provider status word as one of ours: delivered, failed, or nothing to record (queued, sending…).</summary>
    public static Domain.Messaging.MessageStatus? StatusOf(string? providerStatus) => providerStatus?.ToLower(CultureInfo.InvariantCulture) switch
    {
        "delivered" or "completed" or "read" => Domain.Messaging.MessageStatus.Delivered,
        "undelivered" or "failed" or "busy" or "no-answer" or "canceled" => Domain.Messaging.MessageStatus.Failed,
        _ => null,
    };
}
