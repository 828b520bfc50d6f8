using System.Text.Json;
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
    public static JsonSerializerOptions Options => StoredJson.Options;

    public static string Serialize(PlaybookDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>The definition stored in <paramref name="json"/>, not validated; an <see cref="Error.Invalid"/> when it is not a playbook's JSON.</summary>
    public static Result<PlaybookDefinition> Deserialize(string json) => StoredJson.Deserialize<PlaybookDefinition>(json, "playbook");
}
