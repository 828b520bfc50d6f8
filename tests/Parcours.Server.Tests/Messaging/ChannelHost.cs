using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Messaging;
using Parcours.Server.Tests.Agenda;
using Parcours.Testing;

namespace Parcours.Server.Tests.Messaging;

/// <summary>The server on one database with a real SMTP server (npm smtp-server) and a local Twilio-style provider.</summary>
public abstract class ChannelHost(DatabaseProvider provider) : ParcoursHost(provider)
{
    public const string PublicBase = "https://parcours.test";

    public SmtpSink? Sink { get; private set; }

    public FakeProvider Sms { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync()
    {
        Sms = await FakeProvider.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:PublicBaseUrl"] = PublicBase,
            ["Sms:BaseUrl"] = Sms.BaseUrl.ToString(),
            ["Sms:AccountSid"] = FakeProvider.AccountSid,
            ["Sms:AuthToken"] = FakeProvider.AuthToken,
            ["Sms:From"] = "+33700000000",
        };
        try
        {
            Sink = await SmtpSink.StartAsync();
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = Sink.Port.ToString(CultureInfo.InvariantCulture);
            settings["Smtp:UseTls"] = "false";
            settings["Smtp:FromAddress"] = "bonjour@parcours.test";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No Node.js: the email tests skip (RequireSink), the others run.
        }

        return settings;
    }

    public SmtpSink RequireSink()
    {
        SmtpSink.RequireNode();
        return Sink ?? throw new InvalidOperationException("The SMTP sink did not start.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Sink is not null)
        {
            await Sink.DisposeAsync();
        }

        if (Sms is not null)
        {
            await Sms.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteChannelHost() : ChannelHost(DatabaseProvider.Sqlite);

public sealed class PostgresChannelHost() : ChannelHost(DatabaseProvider.Postgres);

/// <summary>Builders over the public API, so the tests use Parcours as a client would.</summary>
public sealed class ChannelKit(ChannelHost host, TestWorkspace workspace)
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Api { get; } = workspace.Api();

    public TestWorkspace Workspace => workspace;

    public static async Task<ChannelKit> CreateAsync(ChannelHost host)
    {
        var workspace = await TestWorkspace.CreateAsync(host);
        var kit = new ChannelKit(host, workspace);
        foreach (var channel in MessageChannels.All)
        {
            await kit.RulesAsync(channel);
        }

        return kit;
    }

    /// <summary>Sets a channel's rules; by default none (no cap, no quiet hours), so a test states the rule it is about.</summary>
    public async Task RulesAsync(MessageChannel channel, int? maxPerDay = null, int? maxPerWeek = null, CapOverflow overCap = CapOverflow.Defer,
        TimeOnly? quietStart = null, TimeOnly? quietEnd = null, IReadOnlyList<BlackoutDto>? blackouts = null)
    {
        var response = await Api.PutAsJsonAsync($"/api/v1/solicitation/{channel}",
            new ChannelRulesDto(channel, true, maxPerDay, maxPerWeek, overCap, quietStart, quietEnd, blackouts ?? [], false), Json, Ct);
        await response.AssertOkJsonAsync();
    }

    public async Task<Guid> PersonAsync(string firstName, string locale = "fr", string? email = null, string? phone = null, bool sms = false, string timeZone = "Europe/Paris")
    {
        var response = await Api.PostAsJsonAsync("/api/v1/people", new
        {
            firstName,
            lastName = "Test",
            email = email ?? $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@client.test",
            phone,
            locale,
            timeZone,
            externalId = $"u-{Guid.NewGuid():N}",
            consent = new { email = true, sms, voice = sms, inApp = true },
        }, Json, Ct);
        await response.AssertOkJsonAsync(System.Net.HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<IdOnly>(Json, Ct))!.Id;
    }

    public async Task<Guid> TemplateAsync(MessageChannel channel, params TemplateVariantDto[] variants)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/message-templates", new MessageTemplateRequest($"t-{Guid.NewGuid():N}", channel, variants), Json, Ct);
        await response.AssertOkJsonAsync();
        return (await response.Content.ReadFromJsonAsync<IdOnly>(Json, Ct))!.Id;
    }

    public async Task<QueuedMessage> SendAsync(Guid person, Guid template, DateTime? dueAt = null, string? key = null)
    {
        var response = await Api.PostAsJsonAsync($"/api/v1/people/{person}/messages", new SendMessageRequest(template, dueAt, null, key, null), Json, Ct);
        await response.AssertOkJsonAsync();
        return (await response.Content.ReadFromJsonAsync<QueuedMessage>(Json, Ct))!;
    }

    public async Task<List<MessageResponse>> TimelineAsync(Guid person) =>
        (await Api.GetFromJsonAsync<List<MessageResponse>>($"/api/v1/people/{person}/messages", Json, Ct))!;

    public async Task<OutboundMessage> MessageAsync(Guid id)
    {
        await using var db = AgendaTestKit.Context(host.Database, workspace.Workspace.Id);
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
    }

    /// <summary>Runs the agenda until nothing is due at the fake clock's current time.</summary>
    public Task SettledAsync() => AgendaTestKit.SettledAsync(host.Database, workspace.Workspace.Id, host.Clock);

    public async Task AdvanceAsync(TimeSpan by)
    {
        host.Clock.Advance(by);
        await SettledAsync();
    }

    /// <summary>Moves the fake clock forward to the next occurrence of a Paris wall-clock time.</summary>
    public async Task AdvanceToParisAsync(TimeOnly at)
    {
        var paris = LocalTime.Zone("Europe/Paris");
        var now = host.Clock.GetUtcNow();
        var target = LocalTime.DayAt(now, 0, at, paris);
        if (target <= now)
        {
            target = LocalTime.DayAt(now, 1, at, paris);
        }

        await AdvanceAsync(target - now);
    }

    private sealed record IdOnly(Guid Id);
}
