using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Accounts;

namespace Parcours.Server.Features.Dashboard;

public sealed record CountByLabel(string Label, int Count);

public sealed record AccountLine(Guid Id, string Name, string? Segment, decimal? Mrr, DateOnly? RenewalDate, StakeholderRisk Risk);

public sealed record DashboardSummary(
    int ActiveAccounts,
    int AccountsAtRisk,
    int ChurnedLastYear,
    int People,
    decimal Mrr,
    IReadOnlyList<CountByLabel> BySegment,
    IReadOnlyList<CountByLabel> ByStage,
    IReadOnlyList<CountByLabel> ChurnReasons,
    IReadOnlyList<AccountLine> RiskiestAccounts,
    IReadOnlyList<AccountLine> UpcomingRenewals);

/// <summary>The landing page's figures: the customer base at a glance, and what needs attention first.</summary>
public static class DashboardQueries
{
    public static async Task<DashboardSummary> GetAsync(ParcoursDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var active = db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Active);
        var activeCount = await active.CountAsync(ct);
        var atRisk = await active.CountAsync(a => a.StakeholderRisk != StakeholderRisk.None, ct);
        var yearAgo = today.AddYears(-1);
        var churned = await db.Accounts.CountAsync(a => a.Status == AccountStatus.Churned && a.ChurnedOn >= yearAgo, ct);
        var people = await db.People.CountAsync(ct);
        var mrr = await active.SumAsync(a => a.MrrMinor ?? 0, ct);

        var bySegment = await active.GroupBy(a => a.Segment).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byStage = await active.GroupBy(a => a.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var reasons = await db.Accounts.Where(a => a.Status == AccountStatus.Churned && a.ChurnReason != null)
            .GroupBy(a => a.ChurnReason).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        var riskiest = await active.Where(a => a.StakeholderRisk != StakeholderRisk.None)
            .OrderByDescending(a => a.MrrMinor).Take(8)
            .Select(a => new { a.Id, a.Name, a.Segment, a.MrrMinor, a.RenewalDate, a.StakeholderRisk }).ToListAsync(ct);
        var horizon = today.AddDays(90);
        var renewals = await active.Where(a => a.RenewalDate >= today && a.RenewalDate <= horizon)
            .OrderBy(a => a.RenewalDate).Take(8)
            .Select(a => new { a.Id, a.Name, a.Segment, a.MrrMinor, a.RenewalDate, a.StakeholderRisk }).ToListAsync(ct);

        return new DashboardSummary(
            activeCount, atRisk, churned, people, Money.ToUnits(mrr) ?? 0,
            bySegment.OrderByDescending(x => x.Count).Select(x => new CountByLabel(x.Key ?? "—", x.Count)).ToList(),
            byStage.OrderBy(x => x.Key).Select(x => new CountByLabel(x.Key.ToString(), x.Count)).ToList(),
            reasons.OrderByDescending(x => x.Count).Select(x => new CountByLabel(x.Key!.Value.ToString(), x.Count)).ToList(),
            riskiest.Select(a => new AccountLine(a.Id.Value, a.Name, a.Segment, Money.ToUnits(a.MrrMinor), a.RenewalDate, a.StakeholderRisk)).ToList(),
            renewals.Select(a => new AccountLine(a.Id.Value, a.Name, a.Segment, Money.ToUnits(a.MrrMinor), a.RenewalDate, a.StakeholderRisk)).ToList());
    }
}
