using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Parcours.Server.Features.Shared;

/// <summary>One page of a list, with the total so a client can draw its pager.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Counts, then reads one page; the query must already be filtered and ordered.</summary>
    public const int DefaultPageSize = 50;

    public static async Task<Paged<T>> ToPageAsync<T>(this IQueryable<T> query, int? requestedPage, int? requestedPageSize, CancellationToken ct)
    {
        var page = Math.Max(1, requestedPage ?? 1);
        var pageSize = Math.Clamp(requestedPageSize ?? DefaultPageSize, 1, MaxPageSize);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Paged<T>(items, page, pageSize, total);
    }
}

/// <summary>Shared query-string shape of every list endpoint.</summary>
public record ListQuery
{
    /// <summary>1-based; 1 when absent.</summary>
    [Range(1, 1_000_000)]
    public int? Page { get; init; }

    /// <summary>50 when absent, at most 200.</summary>
    [Range(1, Paging.MaxPageSize)]
    public int? PageSize { get; init; }

    [StringLength(200)]
    public string? Search { get; init; }

    /// <summary>A field name, descending when prefixed with '-'.</summary>
    [StringLength(40)]
    public string? Sort { get; init; }
}
