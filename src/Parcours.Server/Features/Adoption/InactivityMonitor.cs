using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;

namespace Parcours.Server.Features.Adoption;

/// <summary>Section "Adoption".</summary>
public sealed class AdoptionOptions
{
    public const string SectionName = "Adoption";

    /// <summary>How often the inactivity rule is checked; a signal is raised once per inactivity episode whatever this is.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan InactivityCheckInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Seed 000: "relancer les non actifs". Checks each workspace's inactivity rule and, for every person and account that
/// has just become inactive, appends a "Person Became Inactive" / "Account Became Inactive" signal to the event log,
/// where playbooks react to it. The message id is derived from the subject and the day the episode began, so a signal is
/// stored once per episode however often the check runs, on however many nodes.
/// </summary>
public sealed partial class InactivityMonitor(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AdoptionOptions> options, ILogger<InactivityMonitor> logger) : BackgroundService
{
    public const string PersonSignal = "Person Became Inactive";
    public const string AccountSignal = "Account Became Inactive";
    public const string SignalType = "signal";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InactivityCheckInterval, clock);
        do
        {
            try
            {
                await CheckAllAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.CheckFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Checks every workspace now; returns how many new signals were stored.</summary>
    public async Task<int> CheckAllAsync(CancellationToken ct)
    {
        List<WorkspaceId> workspaces;
        await using (var scope = scopes.CreateAsyncScope())
        {
            workspaces = await scope.ServiceProvider.GetRequiredService<ParcoursDbContext>().Workspaces.Select(w => w.Id).ToListAsync(ct);
        }

        var raised = 0;
        foreach (var workspace in workspaces)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace);
            var db = scope.ServiceProvider.GetRequiredService<ParcoursDbContext>();
            var signals = await SignalsAsync(db, workspace, ct);
            if (signals.Count > 0)
            {
                raised += await scope.ServiceProvider.GetRequiredService<IEventStore>().AppendAsync(signals, ct);
            }
        }

        if (raised > 0)
        {
            Log.SignalsRaised(logger, raised);
        }

        return raised;
    }

    private async Task<List<RawEvent>> SignalsAsync(ParcoursDbContext db, WorkspaceId workspace, CancellationToken ct)
    {
        var rules = await AdoptionRules.LoadAsync(db, ct);
        var today = AdoptionQueries.Today(clock);
        var logins = rules.LoginEvents.ToList();
        var users = (await db.EventIdentities.AsNoTracking().Where(i => i.Key.StartsWith(EventIdentity.UserPrefix) && i.UserId != null)
                .Select(i => new { i.Key, i.UserId, i.GroupId, i.FirstSeenAt }).ToListAsync(ct))
            .Where(i => i.Key == EventIdentity.UserPrefix + i.UserId) // canonical rows only, not aliased ids
            .ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.ExternalId != null)
            .Select(a => new { Key = a.ExternalId!, a.Segment, a.Status }).ToDictionaryAsync(a => a.Key, ct);
        var lastLogins = await LastLoginsAsync(db, logins, ct);

        var signals = new List<RawEvent>();
        foreach (var user in users)
        {
            var account = user.GroupId is { } g ? accounts.GetValueOrDefault(g) : null;
            if (account?.Status == AccountStatus.Churned)
            {
                continue;
            }

            var login = lastLogins.GetValueOrDefault((UsageSubject.Person, user.UserId!));
            if (rules.Inactivity.InactiveSince(login, DateOnly.FromDateTime(user.FirstSeenAt), account?.Segment, today) is { } since)
            {
                signals.Add(Signal(workspace, PersonSignal, user.UserId, user.GroupId, since, login, rules.Inactivity.DaysFor(account?.Segment)));
            }
        }

        foreach (var group in users.Where(u => u.GroupId is not null).GroupBy(u => u.GroupId!))
        {
            if (!accounts.TryGetValue(group.Key, out var account) || account.Status == AccountStatus.Churned)
            {
                continue;
            }

            var login = lastLogins.GetValueOrDefault((UsageSubject.Account, group.Key));
            var firstSeen = DateOnly.FromDateTime(group.Min(u => u.FirstSeenAt));
            if (rules.Inactivity.InactiveSince(login, firstSeen, account.Segment, today) is { } since)
            {
                signals.Add(Signal(workspace, AccountSignal, null, group.Key, since, login, rules.Inactivity.DaysFor(account.Segment)));
            }
        }

        return signals;
    }

    private static async Task<Dictionary<(UsageSubject, string), DateOnly?>> LastLoginsAsync(ParcoursDbContext db, List<string> logins, CancellationToken ct) =>
        (await db.UsageEventDays.AsNoTracking().Where(d => logins.Contains(d.EventName))
            .GroupBy(d => new { d.SubjectKind, d.SubjectKey })
            .Select(g => new { g.Key.SubjectKind, g.Key.SubjectKey, Day = g.Max(d => d.Day) })
            .ToListAsync(ct))
        .ToDictionary(x => (x.SubjectKind, x.SubjectKey), x => (DateOnly?)x.Day);

    private RawEvent Signal(WorkspaceId workspace, string name, string? userId, string? groupId, DateOnly since, DateOnly? lastLogin, int days)
    {
        var now = clock.GetUtcNow();
        var subject = $"{name}|{userId}|{groupId}|{since:yyyy-MM-dd}";
        return new RawEvent
        {
            WorkspaceId = workspace,
            Id = Guid.CreateVersion7(now),
            MessageId = "prc-inactive-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)))[..32],
            Type = SignalType,
            Name = name,
            UserId = userId,
            GroupId = groupId,
            Timestamp = now.UtcDateTime,
            ReceivedAt = now.UtcDateTime,
            Properties = JsonSerializer.Serialize(new { inactiveSince = since, lastLogin, days }),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Inactivity check raised {Count} signals")]
        public static partial void SignalsRaised(ILogger logger, int count);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Inactivity check failed; it runs again at the next interval")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
