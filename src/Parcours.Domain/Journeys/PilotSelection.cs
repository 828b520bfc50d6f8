using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Parcours.Domain.Common;

namespace Parcours.Domain.Journeys;

/// <summary>
/// Who a pilot includes. A share is drawn from a bucket 0–9999 hashed from the point's key and the person's id:
/// deterministic (the same person gets the same answer on every node and after restarts), independent of the share
/// (so raising the share from 10 % to 20 % keeps everyone already in, and only adds people), and salted by the
/// point, so two pilots do not always fall on the same customers. SHA-256 rather than <see cref="string.GetHashCode()"/>,
/// which changes with every process.
/// </summary>
public static class PilotSelection
{
    public const int Buckets = 10_000;

    /// <summary>The person's bucket for this point, 0 to 9999.</summary>
    public static int Bucket(string pointKey, PersonId person)
    {
        ArgumentNullException.ThrowIfNull(pointKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{pointKey}:{person.Value:N}"));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }

    /// <summary>
    /// Whether <paramref name="person"/>, in <paramref name="segments"/>, is measured at the point: everyone without a
    /// pilot; with a share, the buckets under it; with a segment, its members.
    /// </summary>
    public static bool Includes(MeasurementPoint point, PersonId person, IReadOnlySet<string>? segments)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Pilot switch
        {
            null => true,
            { SharePercent: { } share } => Bucket(point.Key, person) < share * (Buckets / 100),
            { Segment: { } segment } => segments?.Contains(segment) == true,
            _ => false,
        };
    }
}
