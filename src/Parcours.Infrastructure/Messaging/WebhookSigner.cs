using System.Security.Cryptography;
using System.Text;

namespace Parcours.Infrastructure.Messaging;

/// <summary>
/// Standard Webhooks signatures: the secret is <c>whsec_</c> + base64 of random bytes; a request carries
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature: v1,{base64 HMAC-SHA256 of
/// "{id}.{timestamp}.{body}"}</c>. Receivers check the signature and the timestamp's age, and deduplicate on the id.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return $"v1,{Convert.ToBase64String(signature)}";
    }

    /// <summary>What a receiver does: any of the space-separated signatures matches, and the timestamp is within tolerance.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, seconds, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
