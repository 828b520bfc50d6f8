using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Parcours.Domain.Common;

/// <summary>
/// The stored form of definitions (surveys, journeys), with the same conventions as playbooks: camelCase properties,
/// snake_case enum names, polymorphic records tagged by <c>type</c> anywhere in the object, nulls left out, unknown
/// properties ignored. Stored JSON is a contract: golden files under the tests prove older versions still load.
/// </summary>
internal static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The value stored in <paramref name="json"/>, not validated; an <see cref="Error.Invalid"/> when it is not a <paramref name="what"/>'s JSON.</summary>
    public static Result<T> Deserialize<T>(string json, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) is { } value
                ? value
                : new Error.Invalid("invalid_json", $"The stored {what} is empty.", "json");
        }
        catch (JsonException exception)
        {
            return new Error.Invalid("invalid_json", $"The stored {what} cannot be read: {exception.Message}", "json");
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
