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

    /// <summary>A new API key: <c>prc_{10-char lookup id}_{32-char secret}</c>.</summary>
    public static (string Key, string Prefix) NewApiKey()
    {
        var prefix = Random(10);
        return ($"{ApiKeyPrefix}{prefix}_{Random(32)}", prefix);
    }

    public static string? PrefixOf(string key)
    {
        if (!key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) || key.Length != ApiKeyPrefix.Length + 10 + 1 + 32)
        {
            return null;
        }

        return key[ApiKeyPrefix.Length] is var _ && key[ApiKeyPrefix.Length + 10] == '_' ? key.Substring(ApiKeyPrefix.Length, 10) : null;
    }

    /// <summary>A new ingestion write key: <c>pwk_{10-char lookup id}_{32-char secret}</c>.</summary>
    public static (string Key, string Prefix) NewWriteKey()
    {
        var prefix = Random(10);
        return ($"{WriteKeyPrefix}{prefix}_{Random(32)}", prefix);
    }

    public static string? WriteKeyPrefixOf(string key) =>
        key.StartsWith(WriteKeyPrefix, StringComparison.Ordinal) && key.Length == WriteKeyPrefix.Length + 10 + 1 + 32 && key[WriteKeyPrefix.Length + 10] == '_'
            ? key.Substring(WriteKeyPrefix.Length, 10)
            : null;
}
