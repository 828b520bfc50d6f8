using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Approvals;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Approvals;

/// <summary>The reminder of one step of an approval (subject = request id, payload = step).</summary>
public sealed class ApprovalReminderHandler(ParcoursDbContext db, Approvals approvals) : IAgendaHandler
{
    public string Kind => Approvals.ReminderKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || !int.TryParse(work.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            return AgendaResult.Park("Not an approval step.");
        }

        await approvals.RemindAsync(db, id, step, ct);
        return AgendaResult.Done;
    }
}

/// <summary>The deadline of one step of an approval: the next contact, or the CSM.</summary>
public sealed class ApprovalDeadlineHandler(ParcoursDbContext db, Approvals approvals) : IAgendaHandler
{
    public string Kind => Approvals.DeadlineKind;

    public async Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct)
    {
        if (!Guid.TryParse(work.SubjectId, out var id) || !int.TryParse(work.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            return AgendaResult.Park("Not an approval step.");
        }

        await approvals.DeadlineAsync(db, id, step, ct);
        return AgendaResult.Done;
    }
}

public static class ApprovalSetup
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddScoped<Approvals>();
        services.AddAgendaHandler<ApprovalReminderHandler>();
        services.AddAgendaHandler<ApprovalDeadlineHandler>();
        return services;
    }

    public static void MapApprovals(this RouteGroupBuilder api)
    {
        var approvals = api.MapGroup("/approvals").WithTags("Approvals");
        approvals.MapGet("/", (Guid? accountId, ApprovalStatus? status, ParcoursDbContext db, CancellationToken ct) => Approvals.ListAsync(db, accountId, status, ct))
            .WithSummary("Approval requests, newest first, by account and status.");
        approvals.MapPost("/", async Task<Results<Ok<ApprovalView>, ProblemHttpResult>> (CreateApprovalRequest request, HttpContext http, ParcoursDbContext db, Approvals service, CancellationToken ct) =>
                Problems.Reply(await service.CreateAsync(db, request, http.User.UserId(), ct)))
            .RequireAuthorization(Policies.Write)
            .WithSummary("Ask customer contacts, in order, to approve something within a delay (default 72 h, a reminder 24 h before); no answer goes to the next contact, then to the CSM.");
        approvals.MapGet("/{id:guid}", async Task<Results<Ok<ApprovalView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await Approvals.GetAsync(db, id, ct)))
            .WithSummary("An approval request with its chain, status and history.");
        approvals.MapPost("/{id:guid}/cancel", async Task<Results<Ok<ApprovalView>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, Approvals service, CancellationToken ct) =>
                Problems.Reply(await service.CancelAsync(db, id, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Withdraw an open request.");
    }
}
