using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Approvals;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;
using Parcours.Server.Features.Messaging;
using Parcours.Server.Features.Tasks;

namespace Parcours.Server.Features.Approvals;

public sealed record CreateApprovalRequest(
    Guid AccountId,
    [property: Required, StringLength(ApprovalRequestRow.MaxTitleLength)] string Title,
    [property: StringLength(ApprovalRequestRow.MaxDetailLength)] string? Detail,
    [property: Required] IReadOnlyList<Guid> Contacts,
    int? DeadlineHours = null,
    int? ReminderBeforeHours = null);

public sealed record ApprovalContact(Guid PersonId, string Name, string? Email);

public sealed record ApprovalEvent(DateTime At, string What);

public sealed record ApprovalView(
    Guid Id, Guid AccountId, string? AccountName, string Title, string? Detail, ApprovalStatus Status, IReadOnlyList<ApprovalContact> Chain, int Step,
    DateTime AskedAt, DateTime Deadline, int DeadlineHours, DateTime? DecidedAt, string? DecidedByName, string? Comment, IReadOnlyList<ApprovalEvent> History);

/// <summary>
/// Approval requests to customer contacts: asked by email (the one dispatcher, so consent and quiet hours apply), one
/// reminder before the deadline, then the next contact of the chain, then a task for the CSM. The contact approves or
/// comments on the page of the message that asked; a late answer is still taken. Timed steps run on the agenda
/// (<c>approval.reminder</c>, <c>approval.deadline</c>), each named by the request and the step, so nothing runs twice.
/// </summary>
public sealed class Approvals(MessageDispatcher dispatcher, AgendaScheduler scheduler, TeamTasks tasks, TimeProvider clock)
{
    public const string ReminderKind = "approval.reminder";
    public const string DeadlineKind = "approval.deadline";
    public const string MessageKind = "approval";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<ApprovalView>> CreateAsync(ParcoursDbContext db, CreateApprovalRequest request, Guid? userId, CancellationToken ct)
    {
        var rules = new ApprovalTimeline(request.DeadlineHours ?? ApprovalTimeline.DefaultDeadlineHours, request.ReminderBeforeHours ?? ApprovalTimeline.DefaultReminderBeforeHours);
        var problems = rules.Problems(request.Contacts.Count).Select(p => new Error.Invalid("invalid_approval", p)).ToList();
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            problems.Add(new Error.Invalid("invalid_title", "Say what is to be approved.", "title"));
        }

        var account = new AccountId(request.AccountId);
        var owner = await db.Accounts.Where(a => a.Id == account).Select(a => new { a.OwnerId }).SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            problems.Add(new Error.Invalid("unknown_account", "No such account in this workspace.", "accountId"));
        }

        var contacts = request.Contacts.Select(c => new PersonId(c)).ToList();
        var found = await db.People.Where(p => contacts.Contains(p.Id)).Select(p => new { p.Id, p.Email }).ToListAsync(ct);
        if (contacts.Distinct().Count() != contacts.Count || found.Count != contacts.Count || found.Any(p => p.Email is null))
        {
            problems.Add(new Error.Invalid("invalid_contacts", "Each contact is a different person of this workspace with an email address.", "contacts"));
        }

        if (problems.Count > 0)
        {
            return new Error.Validation(problems);
        }

        var now = clock.GetUtcNow();
        var row = new ApprovalRequestRow
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            AccountId = account,
            Title = request.Title.Trim(),
            Detail = string.IsNullOrWhiteSpace(request.Detail) ? null : request.Detail.Trim(),
            Chain = JsonSerializer.Serialize(request.Contacts, Json),
            DeadlineHours = rules.DeadlineHours,
            ReminderBeforeHours = rules.ReminderBeforeHours,
            Status = ApprovalStatus.Pending,
            CsmId = owner!.OwnerId?.Value ?? userId ?? await FirstMemberAsync(db, ct),
            CreatedBy = userId,
            CreatedAt = now.UtcDateTime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ApprovalRequests.Add(row);
        await AskAsync(db, row, 0, now, ct);
        await transaction.CommitAsync(ct);
        return await ViewAsync(db, row, ct);
    }

    /// <summary>The reminder of a step, if that step is still waiting.</summary>
    public async Task RemindAsync(ParcoursDbContext db, Guid id, int step, CancellationToken ct)
    {
        if (await db.ApprovalRequests.SingleOrDefaultAsync(a => a.Id == id, ct) is not { Status: ApprovalStatus.Pending } row || row.Step != step)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await QueueAsync(db, row, await ApprovalTemplates.ReminderAsync(db, clock, ct), $"approval:{id:N}:remind:{step}", ct);
        Note(row, $"Reminder sent to {await NameAsync(db, Chain(row)[step], ct)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>A step's deadline passed without an answer: ask the next contact, or hand it to the CSM.</summary>
    public async Task DeadlineAsync(ParcoursDbContext db, Guid id, int step, CancellationToken ct)
    {
        if (await db.ApprovalRequests.SingleOrDefaultAsync(a => a.Id == id, ct) is not { Status: ApprovalStatus.Pending } row || row.Step != step)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var chain = Chain(row);
        var silent = await NameAsync(db, chain[step], ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (ApprovalTimeline.NextStep(step, chain.Count) is { } next)
        {
            Note(row, $"No answer from {silent}: passed to {await NameAsync(db, chain[next], ct)}");
            await AskAsync(db, row, next, now, ct);
        }
        else
        {
            row.Status = ApprovalStatus.EscalatedToCsm;
            Note(row, $"No answer from {silent}, the last contact: handed to the CSM");
            await CsmTaskAsync(db, row, $"Sans réponse : « {row.Title} »", "Personne n'a validé dans les délais : relancer le client ou décider.", "csm", ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The contact's answer from the message page. Refused once the request is decided or cancelled.</summary>
    public async Task<Result<ApprovalRequestRow>> DecideAsync(ParcoursDbContext db, Guid id, PersonId by, bool approve, string? comment, CancellationToken ct)
    {
        if (await db.ApprovalRequests.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } row)
        {
            return new Error.NotFound("approval_not_found", "This approval request no longer exists.");
        }

        if (row.Status is not (ApprovalStatus.Pending or ApprovalStatus.EscalatedToCsm))
        {
            return new Error.Conflict("approval_decided", "This request has already been answered.");
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!approve && text is null)
        {
            return new Error.Invalid("comment_required", "Say what should change.", "comment");
        }

        if (text is { Length: > ApprovalRequestRow.MaxCommentLength })
        {
            return new Error.Invalid("comment_too_long", $"A comment has at most {ApprovalRequestRow.MaxCommentLength} characters.", "comment");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        row.Status = approve ? ApprovalStatus.Approved : ApprovalStatus.ChangesRequested;
        row.DecidedBy = by;
        row.DecidedAt = now;
        row.Comment = text;
        var name = await NameAsync(db, by, ct);
        Note(row, approve ? $"Approved by {name}" : $"Changes requested by {name}");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!approve)
        {
            await CsmTaskAsync(db, row, $"Modifications demandées : « {row.Title} »", $"{name} : {text}", "changes", ct);
        }

        await transaction.CommitAsync(ct);
        return row;
    }

    public async Task<Result<ApprovalView>> CancelAsync(ParcoursDbContext db, Guid id, CancellationToken ct)
    {
        if (await db.ApprovalRequests.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } row)
        {
            return new Error.NotFound("approval_not_found", $"No approval request with id {id} in this workspace.");
        }

        if (row.Status is not (ApprovalStatus.Pending or ApprovalStatus.EscalatedToCsm))
        {
            return new Error.Conflict("approval_decided", "Only an open request can be cancelled.");
        }

        row.Status = ApprovalStatus.Cancelled;
        Note(row, "Cancelled");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, row, ct);
    }

    public static async Task<Result<ApprovalView>> GetAsync(ParcoursDbContext db, Guid id, CancellationToken ct) =>
        await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } row
            ? await ViewAsync(db, row, ct)
            : new Error.NotFound("approval_not_found", $"No approval request with id {id} in this workspace.");

    public static async Task<List<ApprovalView>> ListAsync(ParcoursDbContext db, Guid? accountId, ApprovalStatus? status, CancellationToken ct)
    {
        var rows = await db.ApprovalRequests.AsNoTracking()
            .Where(a => (accountId == null || a.AccountId == new AccountId(accountId.Value)) && (status == null || a.Status == status))
            .OrderByDescending(a => a.CreatedAt).Take(200).ToListAsync(ct);
        var views = new List<ApprovalView>(rows.Count);
        foreach (var row in rows)
        {
            views.Add(await ViewAsync(db, row, ct));
        }

        return views;
    }

    public static List<PersonId> Chain(ApprovalRequestRow row) =>
        [.. (JsonSerializer.Deserialize<List<Guid>>(row.Chain, Json) ?? []).Select(g => new PersonId(g))];

    private async Task AskAsync(ParcoursDbContext db, ApprovalRequestRow row, int step, DateTimeOffset now, CancellationToken ct)
    {
        var rules = new ApprovalTimeline(row.DeadlineHours, row.ReminderBeforeHours);
        row.Step = step;
        row.AskedAt = now.UtcDateTime;
        row.Deadline = rules.DeadlineFrom(now).UtcDateTime;
        row.UpdatedAt = now.UtcDateTime;
        Note(row, $"Asked {await NameAsync(db, Chain(row)[step], ct)}, answer due {row.Deadline:yyyy-MM-dd HH:mm} UTC");
        await db.SaveChangesAsync(ct);
        await QueueAsync(db, row, await ApprovalTemplates.RequestAsync(db, clock, ct), $"approval:{row.Id:N}:ask:{step}", ct);
        var entries = new List<AgendaEntry> { new(DeadlineKind, row.Deadline, $"{DeadlineKind}:{row.Id:N}:{step}", row.Id.ToString(), step.ToString(CultureInfo.InvariantCulture)) };
        if (rules.ReminderFrom(now) is { } remindAt)
        {
            entries.Add(new(ReminderKind, remindAt.UtcDateTime, $"{ReminderKind}:{row.Id:N}:{step}", row.Id.ToString(), step.ToString(CultureInfo.InvariantCulture)));
        }

        if ((await scheduler.ScheduleManyAsync(db, entries, ct)).Error is { } error)
        {
            throw new InvalidOperationException($"The approval's deadline could not be scheduled: {error.Detail}");
        }
    }

    private async Task QueueAsync(ParcoursDbContext db, ApprovalRequestRow row, Guid template, string key, CancellationToken ct)
    {
        var chain = Chain(row);
        var asker = row.CsmId is { } csm ? await db.Users.Where(u => u.Id == csm).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        var next = ApprovalTimeline.NextStep(row.Step, chain.Count) is { } n ? await NameAsync(db, chain[n], ct) : asker ?? "votre interlocuteur";
        var data = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["approvalId"] = row.Id,
            ["title"] = row.Title,
            ["detail"] = row.Detail ?? "",
            ["deadline"] = row.Deadline.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["asker"] = asker ?? "Votre interlocuteur",
            ["next"] = next,
        }, Json);
        var queued = await dispatcher.QueueAsync(db, new MessageRequest(chain[row.Step], template, MessageKind, $"approval:{row.Id:N}", key, null, data, row.AccountId), ct);
        if (queued.Error is { } error)
        {
            throw new InvalidOperationException($"The approval email could not be queued: {error.Detail}");
        }
    }

    private async Task CsmTaskAsync(ParcoursDbContext db, ApprovalRequestRow row, string title, string note, string suffix, CancellationToken ct)
    {
        if (row.CsmId is not { } csm)
        {
            return;
        }

        var created = await tasks.CreateAsync(db, new TaskRequest(csm, title, clock.GetUtcNow().UtcDateTime, "approval", $"approval:{row.Id:N}:{suffix}", null, row.AccountId, note), ct);
        if (created.Error is { } error)
        {
            Note(row, $"No task for the CSM: {error.Detail}");
        }
    }

    private void Note(ApprovalRequestRow row, string what)
    {
        var history = JsonSerializer.Deserialize<List<ApprovalEvent>>(row.History, Json) ?? [];
        history.Add(new ApprovalEvent(clock.GetUtcNow().UtcDateTime, what));
        row.History = JsonSerializer.Serialize(history, Json);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>
    /// Who answers for an account nobody owns (a request nobody answered, a callback): the workspace's first active
    /// member, usually the admin who created it.
    /// </summary>
    public static async Task<Guid?> FirstMemberAsync(ParcoursDbContext db, CancellationToken ct) =>
        await db.Users.Where(u => u.WorkspaceId == db.Scope.Current!.Value && u.DeactivatedAt == null)
            .OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);

    private static async Task<string> NameAsync(ParcoursDbContext db, PersonId person, CancellationToken ct) =>
        await db.People.Where(p => p.Id == person).Select(p => p.FirstName + " " + p.LastName).SingleOrDefaultAsync(ct) ?? "(deleted contact)";

    private static async Task<ApprovalView> ViewAsync(ParcoursDbContext db, ApprovalRequestRow row, CancellationToken ct)
    {
        var chain = Chain(row);
        var people = await db.People.AsNoTracking().Where(p => chain.Contains(p.Id)).Select(p => new { p.Id, p.FirstName, p.LastName, p.Email }).ToListAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == row.AccountId).Select(a => a.Name).SingleOrDefaultAsync(ct);
        var contacts = chain.Select(id => people.FirstOrDefault(p => p.Id == id) is { } p
            ? new ApprovalContact(id.Value, $"{p.FirstName} {p.LastName}", p.Email)
            : new ApprovalContact(id.Value, "(deleted contact)", null)).ToList();
        return new ApprovalView(row.Id, row.AccountId.Value, account, row.Title, row.Detail, row.Status, contacts, row.Step, row.AskedAt, row.Deadline, row.DeadlineHours,
            row.DecidedAt, row.DecidedBy is { } by ? contacts.FirstOrDefault(c => c.PersonId == by.Value)?.Name : null, row.Comment,
            JsonSerializer.Deserialize<List<ApprovalEvent>>(row.History, Json) ?? []);
    }
}
