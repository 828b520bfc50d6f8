using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Accounts;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Stakeholders;

public sealed record StakeholderResponse(
    Guid PersonId,
    string FirstName,
    string LastName,
    string? Email,
    string? JobTitle,
    StakeholderRole Role,
    bool IsSponsor,
    string? Motivations,
    string? PersonalKpis);

/// <summary>The account's map: everyone, grouped by circle in the cockpit, with the risk it carries.</summary>
public sealed record StakeholderMapResponse(Guid AccountId, StakeholderRiskResponse Risk, IReadOnlyList<StakeholderResponse> Stakeholders);

public sealed record StakeholderRequest
{
    [Required]
    public StakeholderRole Role { get; init; }

    public bool IsSponsor { get; init; }

    [StringLength(Values.MaxLongText)]
    public string? Motivations { get; init; }

    [StringLength(Values.MaxLongText)]
    public string? PersonalKpis { get; init; }
}

public static class StakeholderMap
{
    public static async Task<Result<StakeholderMapResponse>> GetAsync(ParcoursDbContext db, AccountId accountId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return Problems.NotFound("account", accountId);
        }

        var stakeholders = await (
            from s in db.Stakeholders
            join p in db.People on s.PersonId equals p.Id
            where s.AccountId == accountId
            orderby s.Role, p.LastName, p.FirstName
            select new StakeholderResponse(p.Id.Value, p.FirstName, p.LastName, p.Email, p.JobTitle, s.Role, s.IsSponsor, s.Motivations, s.PersonalKpis))
            .ToListAsync(ct);
        return new StakeholderMapResponse(accountId.Value, StakeholderRiskResponse.From(account.StakeholderRisk), stakeholders);
    }

    public static async Task<Result<StakeholderMapResponse>> SetAsync(ParcoursDbContext db, AccountId accountId, PersonId personId, StakeholderRequest request, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.Include(a => a.Stakeholders).SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return Problems.NotFound("account", accountId);
        }

        if (!await db.People.AnyAsync(p => p.Id == personId, ct))
        {
            return Problems.NotFound("person", personId);
        }

        var details = StakeholderDetails.Create(request.Role, request.IsSponsor, request.Motivations, request.PersonalKpis);
        if (details.Error is { } invalid)
        {
            return invalid;
        }

        if (account.SetStakeholder(personId, details.Value, clock))
        {
            await db.SaveChangesAsync(ct);
        }

        return await GetAsync(db, accountId, ct);
    }

    public static async Task<Result<StakeholderMapResponse>> RemoveAsync(ParcoursDbContext db, AccountId accountId, PersonId personId, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.Include(a => a.Stakeholders).SingleOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return Problems.NotFound("account", accountId);
        }

        if (!account.RemoveStakeholder(personId, clock))
        {
            return new Error.NotFound("stakeholder_not_found", $"Person {personId} is not a stakeholder of account {accountId}.");
        }

        await db.SaveChangesAsync(ct);
        return await GetAsync(db, accountId, ct);
    }

    public static RouteGroupBuilder MapStakeholders(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/accounts/{accountId:guid}/stakeholders").WithTags("Stakeholders");

        group.MapGet("/", async Task<Results<Ok<StakeholderMapResponse>, ProblemHttpResult>> (Guid accountId, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await GetAsync(db, new AccountId(accountId), ct)))
            .WithSummary("The account's stakeholder map and the risk it carries (a missing circle, a single sponsor).");

        group.MapPut("/{personId:guid}", async Task<Results<Ok<StakeholderMapResponse>, ProblemHttpResult>> (Guid accountId, Guid personId, StakeholderRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await SetAsync(db, new AccountId(accountId), new PersonId(personId), request, clock, ct)))
            .RequireAuthorization(Policies.Write)
            .WithSummary("Add a person to the map, or change their circle, sponsor flag, motivations and KPIs.");

        group.MapDelete("/{personId:guid}", async Task<Results<Ok<StakeholderMapResponse>, ProblemHttpResult>> (Guid accountId, Guid personId, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await RemoveAsync(db, new AccountId(accountId), new PersonId(personId), clock, ct)))
            .RequireAuthorization(Policies.Write);

        return group;
    }
}
