using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Accounts;

/// <summary>Create, update, churn, reactivate and delete an account: what the API and the cockpit forms both call.</summary>
public static class AccountCommands
{
    public static async Task<Result<AccountResponse>> CreateAsync(ParcoursDbContext db, AccountRequest request, TimeProvider clock, CancellationToken ct)
    {
        var details = request.ToDetails();
        if (details.Error is { } invalid)
        {
            return invalid;
        }

        if (await CheckAsync(db, details.Value, null, ct) is { } error)
        {
            return error;
        }

        var account = Account.Create(db.CurrentWorkspaceId, details.Value, clock);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return await AccountQueries.GetAsync(db, account.Id, ct);
    }

    public static async Task<Result<AccountResponse>> UpdateAsync(ParcoursDbContext db, AccountId id, AccountRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } account)
        {
            return Problems.NotFound("account", id);
        }

        var details = request.ToDetails();
        if (details.Error is { } invalid)
        {
            return invalid;
        }

        if (await CheckAsync(db, details.Value, id, ct) is { } error)
        {
            return error;
        }

        if (account.Update(details.Value, clock))
        {
            await db.SaveChangesAsync(ct);
        }

        return await AccountQueries.GetAsync(db, id, ct);
    }

    /// <summary>Marks the account churned; its open playbook enrolments see <c>account_churned</c> and end by their exit condition.</summary>
    public static async Task<Result<AccountResponse>> ChurnAsync(
        ParcoursDbContext db, AccountId id, ChurnRequest request, Playbooks.EnrolmentFactLog playbooks, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } account)
        {
            return Problems.NotFound("account", id);
        }

        var churned = account.MarkChurned(request.ChurnedOn, request.Reason, request.Note, clock);
        if (churned.Error is { } error)
        {
            return error;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await playbooks.AccountEventAsync(db, id, Domain.Playbooks.ExitCondition.AccountChurnedEvent, ct);
        await transaction.CommitAsync(ct);
        return await AccountQueries.GetAsync(db, id, ct);
    }

    public static async Task<Result<AccountResponse>> ReactivateAsync(ParcoursDbContext db, AccountId id, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } account)
        {
            return Problems.NotFound("account", id);
        }

        account.Reactivate(clock);
        await db.SaveChangesAsync(ct);
        return await AccountQueries.GetAsync(db, id, ct);
    }

    public static async Task<Result<bool>> DeleteAsync(ParcoursDbContext db, AccountId id, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } account)
        {
            return Problems.NotFound("account", id);
        }

        account.Delete(clock);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static Task<Account?> FindAsync(ParcoursDbContext db, AccountId id, CancellationToken ct) =>
        db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Rules that need stored data: the owner is a teammate of this workspace; the external id is free.</summary>
    private static async Task<Error?> CheckAsync(ParcoursDbContext db, AccountDetails details, AccountId? self, CancellationToken ct)
    {
        if (details.OwnerId is { } owner)
        {
            var workspace = db.CurrentWorkspaceId;
            if (!await db.Users.AnyAsync(u => u.WorkspaceId == workspace && u.Id == owner.Value, ct))
            {
                return new Error.Invalid("unknown_owner", $"No team member with id {owner} in this workspace.", "ownerId");
            }
        }

        if (details.ExternalId is { } externalId
            && await db.Accounts.AnyAsync(a => a.ExternalId == externalId && (self == null || a.Id != self), ct))
        {
            return new Error.Conflict("duplicate_external_id", $"Another account already has external id '{externalId}'.");
        }

        return null;
    }
}
