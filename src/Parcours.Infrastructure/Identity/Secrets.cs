using System.Security.Cryptography;
using System.Text;

namespace Parcours.Infrastructure.Identity;

/// <summary>
/// Random secrets for API keys and invitation links. They carry 190+ bits of entropy, so a fast SHA-256 is enough to
/// store them (a slow password hash protects guessable secrets and would cost every API request).
/// </summary>
public static class Secrets
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public const string ApiKeyPrefix = "prc_";

    /// <summary>Write keys look different from API keys, so one pasted in the wrong place is recognised at once.</summary>
    public const string WriteKeyPrefix = "pwk_";

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string expectedHash)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(secret));
        var expected = Encoding.ASCII.GetBytes(expectedHash);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private const int LookupIdLength = 10;
    private const int SecretLength = 32;

    /// <summary>A new key <c>{kind}{10-char lookup id}_{32-char secret}</c>, e.g. <c>prc_…</c> (API) or <c>pwk_…</c> (write key).</summary>
    public static (string Key, string Prefix) NewKey(string kind)
    {
        var lookupId = Random(LookupIdLength);
        return ($"{kind}{lookupId}_{Random(SecretLength)}", lookupId);
    }

    /// <summary>The public lookup id of a key of that kind, or null when the key is not shaped like one.</summary>
    public static string? LookupIdOf(string key, string kind) =>
        key.StartsWith(kind, StringComparison.Ordinal)
        && key.Length == kind.Length + LookupIdLength + 1 + SecretLength
        && key[kind.Length + LookupIdLength] == '_'
            ? key.Substring(kind.Length, LookupIdLength)
            : null;
}
