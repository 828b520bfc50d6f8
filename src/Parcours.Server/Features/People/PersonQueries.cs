using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.People;

public static class PersonQueries
{
    public static async Task<Paged<PersonResponse>> ListAsync(ParcoursDbContext db, PersonListQuery q, CancellationToken ct)
    {
        var query = db.People.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var folded = Text.Fold(q.Search.Trim());
            query = query.Where(p => p.SearchText.Contains(folded));
        }

        if (q.Kind is { } kind)
        {
            query = query.Where(p => p.Kind == kind);
        }

        if (q.AccountId is { } account)
        {
            var accountId = new AccountId(account);
            query = query.Where(p => db.Stakeholders.Any(s => s.PersonId == p.Id && s.AccountId == accountId && (q.Role == null || s.Role == q.Role)));
        }
        else if (q.Role is { } role)
        {
            query = query.Where(p => db.Stakeholders.Any(s => s.PersonId == p.Id && s.Role == role));
        }

        if (!string.IsNullOrWhiteSpace(q.Tag))
        {
            var tag = q.Tag.Trim().ToLowerInvariant();
            query = query.Where(p => p.Tags.Contains(tag));
        }

        var descending = q.Sort?.StartsWith('-') == true;
        query = (q.Sort?.TrimStart('-', '+'), descending) switch
        {
            ("firstName", false) => query.OrderBy(p => p.FirstName).ThenBy(p => p.LastName),
            ("firstName", true) => query.OrderByDescending(p => p.FirstName).ThenBy(p => p.LastName),
            ("email", false) => query.OrderBy(p => p.Email),
            ("email", true) => query.OrderByDescending(p => p.Email),
            ("createdAt", false) => query.OrderBy(p => p.CreatedAt),
            ("createdAt", true) => query.OrderByDescending(p => p.CreatedAt),
            (_, true) => query.OrderByDescending(p => p.LastName).ThenByDescending(p => p.FirstName),
            _ => query.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).ThenBy(p => p.Id),
        };

        var page = await query.ToPageAsync(q.Page, q.PageSize, ct);
        var links = await LinksAsync(db, page.Items.Select(p => p.Id).ToList(), ct);
        return new Paged<PersonResponse>(
            page.Items.Select(p => PersonResponse.From(p, links.GetValueOrDefault(p.Id) ?? [])).ToList(),
            page.Page, page.PageSize, page.Total);
    }

    public static async Task<Result<PersonResponse>> GetAsync(ParcoursDbContext db, PersonId id, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return Problems.NotFound("person", id);
        }

        var links = await LinksAsync(db, [id], ct);
        return PersonResponse.From(person, links.GetValueOrDefault(id) ?? []);
    }

    private static async Task<Dictionary<PersonId, List<PersonAccountLink>>> LinksAsync(ParcoursDbContext db, List<PersonId> ids, CancellationToken ct)
    {
        var rows = await (
            from s in db.Stakeholders
            join a in db.Accounts on s.AccountId equals a.Id
            where ids.Contains(s.PersonId)
            orderby a.Name
            select new { s.PersonId, a.Id, a.Name, s.Role, s.IsSponsor }).ToListAsync(ct);
        return rows.GroupBy(r => r.PersonId)
            .ToDictionary(g => g.Key, g => g.Select(r => new PersonAccountLink(r.Id.Value, r.Name, r.Role, r.IsSponsor)).ToList());
    }
}
