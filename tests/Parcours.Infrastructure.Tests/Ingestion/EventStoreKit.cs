using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Testing;

namespace Parcours.Infrastructure.Tests.Ingestion;

/// <summary>A migrated database, a workspace and the real event store on top, as the ingestion endpoints use it.</summary>
public sealed class EventStoreKit : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private int _sequence;

    private EventStoreKit(TestDatabase database, ServiceProvider services, WorkspaceId workspace, TimeProvider clock)
    {
        Database = database;
        _services = services;
        Workspace = workspace;
        Clock = clock;
    }

    public TestDatabase Database { get; }

    public WorkspaceId Workspace { get; }

    public TimeProvider Clock { get; }

    public static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public static async Task<EventStoreKit> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = Parcours.Testing.Clock.Fake();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.HostSettings()).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddParcoursDatabase(configuration)
            .AddScoped<IEventStore, SqlEventStore>()
            .BuildServiceProvider();
        await using var db = database.CreateContext(new WorkspaceScope());
        var workspace = Domain.Workspaces.Workspace.Create("Usage", false, clock).Value;
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return new EventStoreKit(database, services, workspace.Id, clock);
    }

    public async Task<int> AppendAsync(params RawEvent[] events)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEventStore>().AppendAsync(events, CancellationToken.None);
    }

    public RawEvent Track(string? userId, string name, DateTime at, string? anonymousId = null, string? groupId = null, string? messageId = null)
    {
        var e = Message("track", at, messageId, userId, anonymousId);
        e.Name = name;
        e.GroupId = groupId;
        return e;
    }

    public RawEvent Identify(string userId, DateTime at, string? anonymousId = null, string? traits = null)
    {
        var e = Message("identify", at, null, userId, anonymousId);
        e.Properties = traits;
        return e;
    }

    public RawEvent Group(string userId, string groupId, DateTime at, string? traits = null)
    {
        var e = Message("group", at, null, userId, null);
        e.GroupId = groupId;
        e.Properties = traits;
        return e;
    }

    public RawEvent Alias(string userId, string previousId, DateTime at)
    {
        var e = Message("alias", at, null, userId, null);
        e.PreviousId = previousId;
        return e;
    }

    /// <summary>The same message again, as a client retrying it would send it (new row id, same message id).</summary>
    public static RawEvent Retry(RawEvent e) => new()
    {
        WorkspaceId = e.WorkspaceId,
        Id = Guid.NewGuid(),
        MessageId = e.MessageId,
        Type = e.Type,
        Name = e.Name,
        UserId = e.UserId,
        AnonymousId = e.AnonymousId,
        GroupId = e.GroupId,
        PreviousId = e.PreviousId,
        Timestamp = e.Timestamp.AddMilliseconds(3),
        ReceivedAt = e.ReceivedAt.AddSeconds(1),
        Properties = e.Properties,
        WriteKeyId = e.WriteKeyId,
    };

    public ParcoursDbContext Context()
    {
        var scope = new WorkspaceScope();
        scope.Enter(Workspace);
        return Database.CreateContext(scope);
    }

    public async Task<Dictionary<(UsageSubject, string, DateOnly), (int Events, int ActiveUsers)>> DaysAsync()
    {
        await using var db = Context();
        return await db.UsageDays.ToDictionaryAsync(d => (d.SubjectKind, d.SubjectKey, d.Day), d => (d.Events, d.ActiveUsers));
    }

    public async Task<Dictionary<(UsageSubject, string, DateOnly, string), int>> EventDaysAsync()
    {
        await using var db = Context();
        return await db.UsageEventDays.ToDictionaryAsync(d => (d.SubjectKind, d.SubjectKey, d.Day, d.EventName), d => d.Count);
    }

    private RawEvent Message(string type, DateTime at, string? messageId, string? userId, string? anonymousId)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        return new RawEvent
        {
            WorkspaceId = Workspace,
            Id = Guid.CreateVersion7(at.AddTicks(sequence)),
            MessageId = messageId ?? $"m-{sequence}",
            Type = type,
            UserId = userId,
            AnonymousId = anonymousId,
            Timestamp = at,
            ReceivedAt = at,
            WriteKeyId = Guid.Empty,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
