using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Accounts;

/// <summary>Filters of the accounts list; every one optional.</summary>
public sealed record AccountListQuery : ListQuery
{
    public string? Segment { get; init; }

    public string? Plan { get; init; }

    public AccountStatus? Status { get; init; }

    public LifecycleStage? Stage { get; init; }

    public Guid? OwnerId { get; init; }

    public string? Tag { get; init; }

    public bool? AtRisk { get; init; }
}

public static class AccountQueries
{
    public static readonly IReadOnlyList<string> SortFields = ["name", "mrr", "renewalDate", "startDate", "createdAt", "updatedAt"];

    public static async Task<Paged<AccountResponse>> ListAsync(ParcoursDbContext db, AccountListQuery q, CancellationToken ct)
    {
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var folded = Text.Fold(q.Search.Trim());
            query = query.Where(a => a.SearchText.Contains(folded));
        }

        if (!string.IsNullOrWhiteSpace(q.Segment))
        {
            query = query.Where(a => a.Segment == q.Segment);
        }

        if (!string.IsNullOrWhiteSpace(q.Plan))
        {
            query = query.Where(a => a.Plan == q.Plan);
        }

        if (q.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (q.Stage is { } stage)
        {
            query = query.Where(a => a.Stage == stage);
        }

        if (q.OwnerId is { } owner)
        {
            var ownerId = new UserId(owner);
            query = query.Where(a => a.OwnerId == ownerId);
        }

        if (!string.IsNullOrWhiteSpace(q.Tag))
        {
            var tag = q.Tag.Trim().ToLowerInvariant();
            query = query.Where(a => a.Tags.Contains(tag));
        }

        if (q.AtRisk is { } atRisk)
        {
            query = atRisk ? query.Where(a => a.StakeholderRisk != StakeholderRisk.None) : query.Where(a => a.StakeholderRisk == StakeholderRisk.None);
        }

        var page = await Sort(query, q.Sort).ToPageAsync(q.Page, q.PageSize, ct);
        var owners = await OwnerNamesAsync(db, page.Items.Select(a => a.OwnerId), ct);
        var ids = page.Items.Select(a => a.Id).ToList();
        var counts = await db.Stakeholders.Where(s => ids.Contains(s.AccountId))
            .GroupBy(s => s.AccountId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return new Paged<AccountResponse>(
            page.Items.Select(a => AccountResponse.From(a, OwnerName(owners, a.OwnerId), counts.GetValueOrDefault(a.Id))).ToList(),
            page.Page, page.PageSize, page.Total);
    }

    public static async Task<Result<AccountResponse>> GetAsync(ParcoursDbContext db, AccountId id, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.Stakeholders).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return Problems.NotFound("account", id);
        }

        var owners = await OwnerNamesAsync(db, [account.OwnerId], ct);
        return AccountResponse.From(account, OwnerName(owners, account.OwnerId), account.Stakeholders.Count);
    }

    public static async Task<Dictionary<Guid, string>> OwnerNamesAsync(ParcoursDbContext db, IEnumerable<UserId?> ownerIds, CancellationToken ct)
    {
        var ids = ownerIds.Where(o => o is not null).Select(o => o!.Value.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var workspace = db.CurrentWorkspaceId;
        return await db.Users.Where(u => u.WorkspaceId == workspace && ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static string? OwnerName(Dictionary<Guid, string> owners, UserId? owner) =>
        owner is { } o && owners.TryGetValue(o.Value, out var name) ? name : null;

    private static IQueryable<Account> Sort(IQueryable<Account> query, string? sort)
    {
        var descending = sort?.StartsWith('-') == true;
        var field = sort?.TrimStart('-', '+');
        return (field, descending) switch
        {
            ("mrr", false) => query.OrderBy(a => a.MrrMinor).ThenBy(a => a.Name),
            ("mrr", true) => query.OrderByDescending(a => a.MrrMinor).ThenBy(a => a.Name),
            ("renewalDate", false) => query.OrderBy(a => a.RenewalDate).ThenBy(a => a.Name),
            ("renewalDate", true) => query.OrderByDescending(a => a.RenewalDate).ThenBy(a => a.Name),
            ("startDate", false) => query.OrderBy(a => a.StartDate).ThenBy(a => a.Name),
            ("startDate", true) => query.OrderByDescending(a => a.StartDate).ThenBy(a => a.Name),
            ("createdAt", false) => query.OrderBy(a => a.CreatedAt),
            ("createdAt", true) => query.OrderByDescending(a => a.CreatedAt),
            ("updatedAt", false) => query.OrderBy(a => a.UpdatedAt),
            ("updatedAt", true) => query.OrderByDescending(a => a.UpdatedAt),
            (_, true) => query.OrderByDescending(a => a.Name).ThenBy(a => a.Id),
            _ => query.OrderBy(a => a.Name).ThenBy(a => a.Id),
        };
    }
}
