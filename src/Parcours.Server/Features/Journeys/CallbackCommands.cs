using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Tasks;

namespace Parcours.Server.Features.Journeys;

public enum CallbackFilter
{
    /// <summary>Not closed: open, overdue or called.</summary>
    Open = 0,
    Overdue = 1,
    Closed = 2,
    All = 3,
}

public sealed record CallbackQuery(Guid? Assignee = null, Guid? Account = null, string? Journey = null, CallbackFilter Status = CallbackFilter.Open, int Limit = 200);

public sealed record CallbackAttemptItem(DateTime At, Guid By, string? ByName, bool Reached, string? Notes, string? Action);

/// <summary>A callback as the inbox shows it: who to call, why, by when, and every call made.</summary>
public sealed record CallbackItem(
    Guid Id, Guid ResponseId, Guid PersonId, string? PersonName, string? Phone, Guid? AccountId, string? AccountName, string JourneyKey, string PointKey,
    Guid AssigneeId, string? AssigneeName, Guid? EscalatedToId, string? EscalatedToName, DateTime OpenedAt, DateTime DueAt, CallbackState State,
    IReadOnlyList<CallbackReason> Reasons, Measure? Measure, int? Score, string? Verbatim, IReadOnlyList<CallbackAttemptItem> Attempts,
    DateTime? ClosedAt, string? Outcome, TimeSpan? TimeToFirstCallback);

public sealed record RecordAttemptRequest(
    bool Reached,
    [property: StringLength(CallbackAttempt.MaxTextLength)] string? Notes,
    [property: StringLength(CallbackAttempt.MaxTextLength)] string? Action,
    DateTime? At = null,
    Guid? By = null);

public sealed record CloseCallbackRequest([property: StringLength(CallbackAttempt.MaxTextLength)] string? Outcome);

/// <summary>How a callback row reads as the domain's <see cref="Callback"/> and back: reasons as names, attempts as a JSON array.</summary>
public static class CallbackRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredAttempt(DateTime At, Guid By, bool Reached, string? Notes, string? Action);

    public static Callback ToDomain(CallbackRow row) => new(
        new SurveyResponseId(row.ResponseId),
        row.PointKey,
        new UserId(row.AssigneeId),
        Reasons(row.Reasons),
        Utc(row.OpenedAt),
        Utc(row.DueAt),
        [.. Attempts(row.Attempts).Select(a => new CallbackAttempt(Utc(a.At), new UserId(a.By), a.Reached, a.Notes, a.Action))],
        row.EscalatedToId is { } to ? new UserId(to) : null,
        row.EscalatedAt is { } e ? Utc(e) : null,
        row.ClosedAt is { } c ? Utc(c) : null,
        row.Outcome);

    public static string ReasonsText(IEnumerable<CallbackReason> reasons) => string.Join(',', reasons.Select(r => r.ToString()));

    public static string AttemptsJson(IEnumerable<CallbackAttempt> attempts) =>
        JsonSerializer.Serialize(attempts.Select(a => new StoredAttempt(a.At.UtcDateTime, a.By.Value, a.Reached, a.Notes, a.Action)).ToList(), Json);

    public static IReadOnlyList<CallbackReason> Reasons(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Enum.TryParse<CallbackReason>(t, true, out var r) ? (CallbackReason?)r : null).OfType<CallbackReason>()];

    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static List<StoredAttempt> Attempts(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<StoredAttempt>>(json, Json) ?? [];
}

/// <summary>
/// The closed loop (seed 004, "le rappel des insatisfaits"): the inbox of callbacks, a call recorded (reached or not,
/// what was said, the action taken), a callback closed with its outcome. The deadline is an agenda item
/// (<see cref="DeadlineKind"/>) that escalates an overdue callback once to the assignee's manager.
/// </summary>
public sealed class CallbackCommands(AgendaScheduler scheduler, TimeProvider clock)
{
    public const string DeadlineKind = "callback.deadline";

    /// <summary>Schedules the deadline check of a callback just opened; call it in the transaction that stores the callback.</summary>
    public Task<Result<bool>> ScheduleDeadlineAsync(ParcoursDbContext db, CallbackRow row, CancellationToken ct) =>
        // A second after the deadline: at the deadline itself the callback is not yet overdue.
        scheduler.ScheduleAsync(db, new AgendaEntry(DeadlineKind, DateTime.SpecifyKind(row.DueAt, DateTimeKind.Utc).AddSeconds(1), $"{DeadlineKind}:{row.Id:N}", row.Id.ToString()), ct);

    public static async Task<List<CallbackItem>> ListAsync(ParcoursDbContext db, CallbackQuery query, DateTimeOffset now, CancellationToken ct)
    {
        var rows = db.Callbacks.AsNoTracking();
        if (query.Assignee is { } assignee)
        {
            // A manager's inbox also holds what was escalated to them.
            rows = rows.Where(c => c.AssigneeId == assignee || c.EscalatedToId == assignee);
        }

        if (query.Account is { } account)
        {
            var id = new AccountId(account);
            rows = rows.Where(c => c.AccountId == id);
        }

        if (query.Journey is { Length: > 0 } journey)
        {
            rows = rows.Where(c => c.JourneyKey == journey);
        }

        var at = now.UtcDateTime;
        rows = query.Status switch
        {
            CallbackFilter.Open => rows.Where(c => c.ClosedAt == null),
            CallbackFilter.Overdue => rows.Where(c => c.ClosedAt == null && c.FirstAttemptAt == null && c.DueAt < at),
            CallbackFilter.Closed => rows.Where(c => c.ClosedAt != null),
            _ => rows,
        };
        var ordered = query.Status == CallbackFilter.Closed ? rows.OrderByDescending(c => c.ClosedAt) : rows.OrderBy(c => c.DueAt);
        var items = await ItemsAsync(db, await ordered.Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(ct), now, ct);
        // The inbox puts first who is waiting longest for a first call: overdue, then open by deadline, then those already called.
        return query.Status == CallbackFilter.Closed ? items : [.. items.OrderBy(i => i.State switch { CallbackState.Overdue => 0, CallbackState.Open => 1, _ => 2 }).ThenBy(i => i.DueAt)];
    }

    public static async Task<Result<CallbackItem>> GetAsync(ParcoursDbContext db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } row
            ? (await ItemsAsync(db, [row], now, ct))[0]
            : NotFound(id);

    /// <summary>Records a call. <paramref name="userId"/> is the signed-in user; an API key calls on behalf of <c>By</c> or the assignee.</summary>
    public async Task<Result<CallbackItem>> RecordAsync(ParcoursDbContext db, Guid id, RecordAttemptRequest request, Guid? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } row)
        {
            return NotFound(id);
        }

        var at = request.At is { } given ? CallbackRows.Utc(given) : now;
        if (at > now)
        {
            return new Error.Invalid("attempt_in_future", "A call cannot be recorded in the future.", "at");
        }

        var by = userId ?? request.By ?? row.AssigneeId;
        var recorded = CallbackRows.ToDomain(row).Record(new CallbackAttempt(at, new UserId(by), request.Reached, request.Notes, request.Action));
        if (recorded.Error is { } error)
        {
            return error;
        }

        var json = CallbackRows.AttemptsJson(recorded.Value.Attempts);
        var first = recorded.Value.FirstCallbackAt?.UtcDateTime;
        var previous = row.Attempts;
        // Conditional on what was read, so two calls recorded at once do not overwrite each other.
        var changed = await db.Callbacks.Where(c => c.Id == id && c.ClosedAt == null && c.Attempts == previous)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, json).SetProperty(c => c.FirstAttemptAt, first), ct);
        return changed == 0
            ? new Error.Conflict("callback_changed", "The callback changed meanwhile; reload it and try again.")
            : await GetAsync(db, id, now, ct);
    }

    public async Task<Result<CallbackItem>> CloseAsync(ParcoursDbContext db, Guid id, string? outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } row)
        {
            return NotFound(id);
        }

        var closed = CallbackRows.ToDomain(row).Close(now, outcome);
        if (closed.Error is { } error)
        {
            return error;
        }

        var text = closed.Value.Outcome;
        var changed = await db.Callbacks.Where(c => c.Id == id && c.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now.UtcDateTime).SetProperty(c => c.Outcome, text), ct);
        return changed == 0 ? new Error.Conflict("callback_closed", "This callback is already closed.") : await GetAsync(db, id, now, ct);
    }

    public static async Task<List<CallbackItem>> ItemsAsync(ParcoursDbContext db, List<CallbackRow> rows, DateTimeOffset now, CancellationToken ct)
    {
        var workspace = db.Scope.Current!.Value;
        var userIds = rows.SelectMany(r => r.EscalatedToId is { } e ? new[] { r.AssigneeId, e } : [r.AssigneeId]).ToList();
        var domain = rows.Select(CallbackRows.ToDomain).ToList();
        userIds.AddRange(domain.SelectMany(d => d.Attempts.Select(a => a.By.Value)));
        userIds = [.. userIds.Distinct()];
        var users = await db.Users.AsNoTracking().Where(u => u.WorkspaceId == workspace && userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { Name = p.FirstName + " " + p.LastName, p.Phone }, ct);
        var accounts = await JourneyQueries.AccountNamesAsync(db, rows.Select(r => r.AccountId), ct);
        var responseIds = rows.Select(r => r.ResponseId).ToList();
        var responses = await db.SurveyResponses.AsNoTracking().Where(r => responseIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new { r.HeadlineMeasure, r.HeadlineScore, r.Verbatim }, ct);
        return [.. rows.Zip(domain).Select(x =>
        {
            var (row, callback) = x;
            var person = people.GetValueOrDefault(row.PersonId);
            var response = responses.GetValueOrDefault(row.ResponseId);
            return new CallbackItem(
                row.Id, row.ResponseId, row.PersonId.Value, person?.Name, person?.Phone, row.AccountId?.Value, row.AccountId is { } a ? accounts.GetValueOrDefault(a) : null,
                row.JourneyKey, row.PointKey, row.AssigneeId, users.GetValueOrDefault(row.AssigneeId), row.EscalatedToId,
                row.EscalatedToId is { } e ? users.GetValueOrDefault(e) : null, row.OpenedAt, row.DueAt, callback.StateAt(now), callback.Reasons,
                response?.HeadlineMeasure, response?.HeadlineScore, response?.Verbatim,
                [.. callback.Attempts.Select(t => new CallbackAttemptItem(t.At.UtcDateTime, t.By.Value, users.GetValueOrDefault(t.By.Value), t.Reached, t.Notes, t.Action))],
                row.ClosedAt, row.Outcome, callback.TimeToFirstCallback);
        })];
    }

    private static Error.NotFound NotFound(Guid id) => new("callback_not_found", $"No callback with id {id} in this workspace.");
}

/// <summary>
/// At a callback's deadline (kind <c>callback.deadline</c>): when nobody has called yet, escalates it once to the
/// assignee's manager (<c>AppUser.ManagerId</c>) and gives the manager a task. Idempotent: the conditional update and
/// the task's idempotency key make a second run do nothing. An assignee without a manager parks the item, where the
/// admins see it on the agenda page.
/// </summary>
public sealed class CallbackDeadlineHandler(ParcoursDbContext db, TeamTasks tasks, TimeProvider clock) : IAgendaHandler
{
    public string Kind => CallbackCommands.DeadlineKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } row)
        {
            return AgendaResult.Park($"No callback {work.SubjectId} in this workspace.");
        }

        var now = clock.GetUtcNow();
        var callback = CallbackRows.ToDomain(row);
        var state = callback.StateAt(now);
        if (state is CallbackState.Closed or CallbackState.Called)
        {
            return AgendaResult.Done;
        }

        if (state == CallbackState.Open)
        {
            return AgendaResult.Retry("Not overdue yet.", callback.DueAt - now + TimeSpan.FromSeconds(1));
        }

        var workspace = db.Scope.Current!.Value;
        var manager = await db.Users.AsNoTracking().Where(u => u.Id == row.AssigneeId && u.WorkspaceId == workspace).Select(u => u.ManagerId).SingleOrDefaultAsync(ct);
        var escalated = callback.Escalate(now, manager is { } m ? new UserId(m) : null);
        if (escalated.Error is { } error)
        {
            return error is Error.NotFound ? AgendaResult.Park("The callback is overdue and its assignee has no manager to escalate to.") : AgendaResult.Done;
        }

        var to = escalated.Value.EscalatedTo!.Value.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Callbacks.Where(c => c.Id == id && c.EscalatedToId == null && c.ClosedAt == null && c.FirstAttemptAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EscalatedToId, to).SetProperty(c => c.EscalatedAt, now.UtcDateTime), ct);
        if (changed == 0)
        {
            return AgendaResult.Done;
        }

        var person = await db.People.AsNoTracking().Where(p => p.Id == row.PersonId).Select(p => p.FirstName + " " + p.LastName).SingleOrDefaultAsync(ct);
        var assignee = await db.Users.AsNoTracking().Where(u => u.Id == row.AssigneeId && u.WorkspaceId == workspace).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var task = await tasks.CreateAsync(db, new TaskRequest(
            to,
            $"Rappel en retard : {person ?? "client"} ({row.PointKey})",
            now.UtcDateTime.AddHours(24),
            "callback",
            $"callback.escalated:{row.Id:N}",
            row.PersonId,
            row.AccountId,
            $"{assignee ?? "L'assigné"} n'a pas rappelé avant l'échéance du {row.DueAt:yyyy-MM-dd HH:mm} UTC. Voir /callbacks."), ct);
        if (task.Error is { } failed)
        {
            return AgendaResult.Retry(failed.Detail);
        }

        await transaction.CommitAsync(ct);
        return AgendaResult.Done;
    }
}
