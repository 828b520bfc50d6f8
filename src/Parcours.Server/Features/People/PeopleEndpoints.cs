using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.People;

public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/people").WithTags("People");

        group.MapGet("/", ([AsParameters] PersonListQuery query, ParcoursDbContext db, CancellationToken ct) =>
                PersonQueries.ListAsync(db, query, ct))
            .WithSummary("List people: search over names, emails and external ids; filter by kind, account, role, tag.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, CancellationToken ct) =>
            Problems.Reply(await PersonQueries.GetAsync(db, new PersonId(id), ct)));

        group.MapPost("/", async Task<Results<Created<PersonResponse>, ProblemHttpResult>> (PersonRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await PersonCommands.CreateAsync(db, request, clock, ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/people/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.Write);

        group.MapPut("/{id:guid}", async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> (Guid id, PersonRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await PersonCommands.UpdateAsync(db, new PersonId(id), request, clock, ct)))
            .RequireAuthorization(Policies.Write);

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await PersonCommands.DeleteAsync(db, new PersonId(id), clock, ct);
                return result.IsSuccess ? TypedResults.NoContent() : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.Delete)
            .WithSummary("Soft delete: the person leaves lists and stakeholder maps; their history stays.");

        return group;
    }
}
