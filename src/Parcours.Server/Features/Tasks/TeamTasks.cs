using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;

namespace Parcours.Server.Features.Tasks;

/// <summary>
/// A task for a team member. <paramref name="IdempotencyKey"/> names the occurrence ("playbook:{enrollment}:call-d2"):
/// creating it twice creates one task.
/// </summary>
public sealed record TaskRequest(
    Guid AssigneeId,
    string Title,
    DateTime DueAt,
    string Source,
    string IdempotencyKey,
    PersonId? PersonId = null,
    AccountId? AccountId = null,
    string? Note = null);

public sealed record TaskResponse(
    Guid Id, Guid AssigneeId, string? AssigneeName, Guid? PersonId, string? PersonName, Guid? AccountId, string Title, string? Note, DateTime DueAt,
    TeamTaskStatus Status, string? Outcome, string Source, DateTime CreatedAt, DateTime? CompletedAt, string? AccountName = null);

public sealed record CreateTaskRequest(
    Guid AssigneeId,
    [property: Required, StringLength(TeamTask.MaxTitleLength)] string Title,
    DateTime DueAt,
    Guid? PersonId,
    Guid? AccountId,
    [property: StringLength(TeamTask.MaxNoteLength)] string? Note,
    [property: StringLength(OutboundMessage.MaxKeyLength)] string? IdempotencyKey);

public sealed record CompleteTaskRequest([property: StringLength(TeamTask.MaxOutcomeLength)] string? Outcome);

/// <summary>
/// Team tasks: create (the assignee is emailed through the agenda, kind <c>task.notify</c>), list, complete with an
/// outcome. Playbooks call <see cref="CreateAsync"/>; the inbox page is <c>/tasks</c>.
/// </summary>
public sealed class TeamTasks(AgendaScheduler scheduler, Playbooks.EnrolmentFactLog playbookFacts, TimeProvider clock)
{
    public const string NotifyKind = "task.notify";

    public async Task<Result<TaskResponse>> CreateAsync(ParcoursDbContext db, TaskRequest request, CancellationToken ct)
    {
        var workspace = db.Scope.Current!.Value;
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > TeamTask.MaxTitleLength)
        {
            return new Error.Invalid("invalid_title", $"A task title has 1 to {TeamTask.MaxTitleLength} characters.", "title");
        }

        if (request.IdempotencyKey is not { Length: > 0 and <= OutboundMessage.MaxKeyLength })
        {
            return new Error.Invalid("invalid_idempotency_key", $"An idempotency key has 1 to {OutboundMessage.MaxKeyLength} characters.", "idempotencyKey");
        }

        if (await db.TeamTasks.AsNoTracking().SingleOrDefaultAsync(t => t.IdempotencyKey == request.IdempotencyKey, ct) is { } existing)
        {
            return await ResponseAsync(db, existing, ct);
        }

        // Users are not under the tenant filter (they sign in before any workspace is known): name the workspace.
        if (!await db.Users.AnyAsync(u => u.Id == request.AssigneeId && u.WorkspaceId == workspace && u.DeactivatedAt == null, ct))
        {
            return new Error.Invalid("unknown_assignee", "The assignee is not an active member of this workspace's team.", "assigneeId");
        }

        if (request.PersonId is { } person && !await db.People.AnyAsync(p => p.Id == person, ct))
        {
            return new Error.Invalid("unknown_person", "No such person in this workspace.", "personId");
        }

        if (request.AccountId is { } account && !await db.Accounts.AnyAsync(a => a.Id == account, ct))
        {
            return new Error.Invalid("unknown_account", "No such account in this workspace.", "accountId");
        }

        var now = clock.GetUtcNow();
        var task = new TeamTask
        {
            WorkspaceId = workspace,
            Id = Guid.CreateVersion7(now),
            AssigneeId = request.AssigneeId,
            PersonId = request.PersonId,
            AccountId = request.AccountId,
            Title = request.Title.Trim(),
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            DueAt = DateTime.SpecifyKind(request.DueAt, DateTimeKind.Utc),
            Status = TeamTaskStatus.Open,
            Source = request.Source,
            IdempotencyKey = request.IdempotencyKey,
            CreatedAt = now.UtcDateTime,
        };

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            db.TeamTasks.Add(task);
            await db.SaveChangesAsync(ct);
            var scheduled = await scheduler.ScheduleAsync(db, new AgendaEntry(NotifyKind, now.UtcDateTime, $"{NotifyKind}:{task.Id:N}", task.Id.ToString()), ct);
            if (scheduled.Error is { } error)
            {
                return error;
            }

            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }

        return await ResponseAsync(db, task, ct);
    }

    public async Task<Result<TaskResponse>> CompleteAsync(ParcoursDbContext db, Guid id, Guid? userId, string? outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = string.IsNullOrWhiteSpace(outcome) ? null : outcome.Trim();
        var changed = await db.TeamTasks.Where(t => t.Id == id && t.Status == TeamTaskStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TeamTaskStatus.Done).SetProperty(t => t.CompletedAt, now)
                .SetProperty(t => t.CompletedBy, userId).SetProperty(t => t.Outcome, text), ct);
        var task = await db.TeamTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return new Error.NotFound("task_not_found", $"No task with id {id} in this workspace.");
        }

        if (changed == 0)
        {
            return new Error.Conflict("task_not_open", "Only an open task can be completed.");
        }

        // A task a playbook created completes its step: the enrolment moves on (its milestone, its branch).
        await playbookFacts.TaskCompletedAsync(db, task.IdempotencyKey, now, text, userId, ct);
        return await ResponseAsync(db, task, ct);
    }

    public static async Task<List<TaskResponse>> ListAsync(ParcoursDbContext db, Guid? assignee, bool openOnly, CancellationToken ct)
    {
        var tasks = await db.TeamTasks.AsNoTracking()
            .Where(t => (assignee == null || t.AssigneeId == assignee) && (!openOnly || t.Status == TeamTaskStatus.Open))
            .OrderBy(t => t.DueAt).Take(500).ToListAsync(ct);
        return await ResponsesAsync(db, tasks, ct);
    }

    private static async Task<TaskResponse> ResponseAsync(ParcoursDbContext db, TeamTask task, CancellationToken ct) => (await ResponsesAsync(db, [task], ct))[0];

    private static async Task<List<TaskResponse>> ResponsesAsync(ParcoursDbContext db, List<TeamTask> tasks, CancellationToken ct)
    {
        var workspace = db.Scope.Current!.Value;
        var userIds = tasks.Select(t => t.AssigneeId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.WorkspaceId == workspace && userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var personIds = tasks.Where(t => t.PersonId != null).Select(t => t.PersonId!.Value).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, ct);
        // A task about a person is also about the person's account, so the inbox can group by customer.
        var personAccounts = (await db.Stakeholders.AsNoTracking().Where(s => personIds.Contains(s.PersonId)).Select(s => new { s.PersonId, s.AccountId }).ToListAsync(ct))
            .GroupBy(s => s.PersonId).ToDictionary(g => g.Key, g => (AccountId?)g.First().AccountId);
        var accountOf = tasks.ToDictionary(t => t.Id, t => t.AccountId ?? (t.PersonId is { } p && personAccounts.TryGetValue(p, out var a) ? a : null));
        var accountIds = accountOf.Values.OfType<AccountId>().Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return [.. tasks.Select(t => new TaskResponse(t.Id, t.AssigneeId, users.GetValueOrDefault(t.AssigneeId), t.PersonId?.Value,
            t.PersonId is { } p ? people.GetValueOrDefault(p) : null, accountOf[t.Id]?.Value, t.Title, t.Note, t.DueAt, t.Status, t.Outcome, t.Source, t.CreatedAt,
            t.CompletedAt, accountOf[t.Id] is { } account ? accounts.GetValueOrDefault(account) : null))];
    }
}

/// <summary>Emails the assignee of a new task (kind <c>task.notify</c>), once, through the ledger. Without SMTP the inbox is enough.</summary>
public sealed class NotifyTaskHandler(ParcoursDbContext db, AgendaEffects effects, EmailSender email, IOptions<MessagingOptions> options) : IAgendaHandler
{
    public string Kind => TeamTasks.NotifyKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || await db.TeamTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) is not { } task)
        {
            return AgendaResult.Park($"No task {work.SubjectId} in this workspace.");
        }

        var workspace = db.Scope.Current!.Value;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == task.AssigneeId && u.WorkspaceId == workspace, ct);
        if (task.Status != TeamTaskStatus.Open || user?.Email is null || !email.IsConfigured)
        {
            return AgendaResult.Done;
        }

        var link = $"{options.Value.PublicBaseUrl.ToString().TrimEnd('/')}/tasks";
        var english = user.Locale.StartsWith("en", StringComparison.Ordinal);
        var due = task.DueAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var subject = english ? $"New task: {task.Title}" : $"Nouvelle tâche : {task.Title}";
        var text = english
            ? $"{task.Title}\nDue: {due}\n{task.Note}\n\nYour tasks: {link}\n"
            : $"{task.Title}\nÉchéance : {due}\n{task.Note}\n\nVos tâches : {link}\n";
        var html = $"<p><strong>{WebUtility.HtmlEncode(task.Title)}</strong></p><p>{(english ? "Due" : "Échéance")} : {due}</p>" +
                   (task.Note is null ? "" : $"<p>{WebUtility.HtmlEncode(task.Note)}</p>") +
                   $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{(english ? "Open my tasks" : "Voir mes tâches")}</a></p>";
        return await effects.SendOnceAsync(db, work, "email", ChannelDedup.None, async (key, token) =>
        {
            try
            {
                return SendResult.Sent(await email.SendAsync(new OutgoingEmail(user.Email, subject, text, html, key), token));
            }
            catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
            {
                return SendResult.NotSent($"The SMTP server refused the message: {e.Message}", permanent: true);
            }
            catch (SocketException e)
            {
                return SendResult.NotSent($"The SMTP server cannot be reached: {e.Message}");
            }
        }, ct);
    }
}
