using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Accounts;

public static class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts").WithTags("Accounts");

        group.MapGet("/", ([AsParameters] AccountListQuery query, ParcoursDbContext db, CancellationToken ct) =>
                AccountQueries.ListAsync(db, query, ct))
            .WithSummary("List accounts: search, filter, sort and page.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await AccountQueries.GetAsync(db, new AccountId(id), ct)))
            .WithName("GetAccount");

        group.MapPost("/", async Task<Results<Created<AccountResponse>, ProblemHttpResult>> (AccountRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await AccountCommands.CreateAsync(db, request, clock, ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/accounts/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.Write);

        group.MapPut("/{id:guid}", async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> (Guid id, AccountRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AccountCommands.UpdateAsync(db, new AccountId(id), request, clock, ct)))
            .RequireAuthorization(Policies.Write);

        group.MapPost("/{id:guid}/churn", async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> (Guid id, ChurnRequest request, ParcoursDbContext db, Playbooks.EnrolmentFactLog playbooks, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AccountCommands.ChurnAsync(db, new AccountId(id), request, playbooks, clock, ct)))
            .RequireAuthorization(Policies.Write)
            .WithSummary("Record that the customer left, with the date and the reason.");

        group.MapPost("/{id:guid}/reactivate", async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AccountCommands.ReactivateAsync(db, new AccountId(id), clock, ct)))
            .RequireAuthorization(Policies.Write);

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await AccountCommands.DeleteAsync(db, new AccountId(id), clock, ct);
                return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.Delete)
            .WithSummary("Soft delete: the account leaves every list; its history stays.");

        return group;
    }
}
