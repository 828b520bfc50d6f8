using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;

namespace Parcours.Bench;

/// <summary>
/// Segment-like usage traffic: track events of about 400 bytes (properties and a context like analytics-node's), sent by
/// users from a pool of a few thousand grouped into a few hundred accounts (the account in <c>context.groupId</c>, as
/// Segment's libraries put it), each with a unique messageId. The same events are built either as a <c>/v1/batch</c> body
/// or as <see cref="RawEvent"/>s for the store, so the HTTP passes and the reference write store the same things.
/// Not thread-safe: one instance per client.
/// </summary>
internal sealed class IngestEvents(int seed, string clientTag)
{
    public const int Users = 4_000;
    public const int Accounts = 400;

    private static readonly string[] Names =
    [
        "Report Exported", "Dashboard Viewed", "Invoice Created", "Invoice Sent", "Customer Added", "Payment Reconciled",
        "Search Performed", "Filter Applied", "Comment Posted", "File Uploaded", "Signed In", "Settings Changed",
        "Integration Connected", "Export Scheduled", "Team Member Invited", "Quote Converted",
    ];

    private static readonly string[] Paths = ["/factures", "/tableau-de-bord", "/clients", "/rapports", "/parametres", "/devis"];

    private static readonly string[] Formats = ["csv", "xlsx", "pdf"];

    private readonly Random _random = new(seed);
    private long _sequence;

    public static string UserOf(int user) => $"user-{user:D5}";

    /// <summary>Users are spread evenly over the accounts, so every account has about ten.</summary>
    public static string AccountOf(int user) => $"acct-{user % Accounts:D4}";

    /// <summary>A batch body for <c>/v1/batch</c> and the message ids it carries.</summary>
    public (byte[] Body, string[] MessageIds) Batch(int size, DateTimeOffset now)
    {
        var ids = new string[size];
        var buffer = new ArrayBufferWriter<byte>(size * 450);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("batch");
            for (var i = 0; i < size; i++)
            {
                var e = Next(now);
                ids[i] = e.MessageId;
                json.WriteStartObject();
                json.WriteString("type", "track");
                json.WriteString("messageId", e.MessageId);
                json.WriteString("userId", e.UserId);
                json.WriteString("event", e.Name);
                json.WriteString("timestamp", e.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WritePropertyName("properties");
                json.WriteRawValue(e.Properties, skipInputValidation: true);
                json.WritePropertyName("context");
                json.WriteRawValue(e.Context, skipInputValidation: true);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("sentAt", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), ids);
    }

    /// <summary>The same kind of events as the store receives them from the endpoint (after parsing).</summary>
    public List<RawEvent> RawEvents(int size, WorkspaceId workspace, Guid writeKeyId, DateTimeOffset now)
    {
        var events = new List<RawEvent>(size);
        for (var i = 0; i < size; i++)
        {
            var e = Next(now);
            events.Add(new RawEvent
            {
                WorkspaceId = workspace,
                Id = Guid.CreateVersion7(now),
                MessageId = e.MessageId,
                Type = "track",
                Name = e.Name,
                UserId = e.UserId,
                GroupId = e.Account,
                Timestamp = e.Timestamp,
                ReceivedAt = now.UtcDateTime,
                Properties = e.Properties,
                Context = e.Context,
                WriteKeyId = writeKeyId,
            });
        }

        return events;
    }

    public static HttpRequestMessage Request(Uri batchUrl, byte[] body, string writeKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, batchUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return request;
    }

    private (string MessageId, string UserId, string Account, string Name, DateTime Timestamp, string Properties, string Context) Next(DateTimeOffset now)
    {
        // Skewed towards a core of active users, as real products are.
        var user = (int)(Users * Math.Pow(_random.NextDouble(), 2));
        var account = AccountOf(user);
        var name = Names[(int)(Names.Length * Math.Pow(_random.NextDouble(), 1.5))];
        // Events happened during the last few minutes (a client's queue), not all at the same instant.
        var timestamp = now.UtcDateTime.AddMilliseconds(-_random.Next(0, 300_000));
        var path = Paths[_random.Next(Paths.Length)];
        var properties = string.Create(CultureInfo.InvariantCulture,
            $$"""{"format":"{{Formats[_random.Next(Formats.Length)]}}","reportId":"rpt-{{_random.Next(100_000):D6}}","rows":{{_random.Next(1, 5000)}},"durationMs":{{_random.Next(20, 4000)}}}""");
        var context = string.Create(CultureInfo.InvariantCulture,
            $$"""{"groupId":"{{account}}","library":{"name":"analytics-node","version":"2.1.2"},"ip":"10.{{_random.Next(256)}}.{{_random.Next(256)}}.{{_random.Next(1, 255)}}","page":{"path":"{{path}}"},"userAgent":"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"}""");
        var messageId = $"{clientTag}-{_sequence++:D9}-{_random.Next():x8}";
        return (messageId, UserOf(user), account, name, timestamp, properties, context);
    }
}
