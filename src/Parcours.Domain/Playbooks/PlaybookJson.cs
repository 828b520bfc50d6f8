using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parcours.Domain.Common;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// The stored form of a playbook version: camelCase properties, snake_case enum names, steps tagged by a <c>type</c>
/// discriminator, nulls left out. Stored JSON is a contract: golden files under the tests prove that versions written
/// earlier still load. Reading is lenient where that is safe (the discriminator may come anywhere in a step, unknown
/// properties are ignored, missing optional ones take their defaults) and everything else is left to
/// <see cref="PlaybookDefinition.Problems"/>, so a stored playbook with a bad time of day loads and says what is wrong.
/// </summary>
public static class PlaybookJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(PlaybookDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>The definition stored in <paramref name="json"/>, not validated; an <see cref="Error.Invalid"/> when it is not a playbook's JSON.</summary>
    public static Result<PlaybookDefinition> Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PlaybookDefinition>(json, Options) is { } definition
                ? definition
                : new Error.Invalid("invalid_json", "The stored playbook is empty.", "json");
        }
        catch (JsonException exception)
        {
            return new Error.Invalid("invalid_json", $"The stored playbook cannot be read: {exception.Message}", "json");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            WriteIndented = true,

            // French texts stay readable in the database; the JSON is never embedded in HTML unencoded.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
