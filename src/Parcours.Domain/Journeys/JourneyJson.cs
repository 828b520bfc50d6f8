using System.Text.Json;
using Parcours.Domain.Common;

namespace Parcours.Domain.Journeys;

/// <summary>
/// The stored form of a journey (see <see cref="StoredJson"/>): delays tagged by <c>type</c> (hot, warm, cold),
/// instants in ISO 8601. Reading is lenient and leaves the rules to <see cref="JourneyDefinition.Problems"/>.
/// </summary>
public static class JourneyJson
{
    public static string Serialize(JourneyDefinition journey) => JsonSerializer.Serialize(journey, StoredJson.Options);

    public static Result<JourneyDefinition> Deserialize(string json) => StoredJson.Deserialize<JourneyDefinition>(json, "journey");
}
