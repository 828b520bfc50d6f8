using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.People;

public static class PersonCommands
{
    public static async Task<Result<PersonResponse>> CreateAsync(ParcoursDbContext db, PersonRequest request, TimeProvider clock, CancellationToken ct)
    {
        var details = request.ToDetails();
        if (details.Error is { } invalid)
        {
            return invalid;
        }

        if (await ConflictAsync(db, details.Value, null, ct) is { } conflict)
        {
            return conflict;
        }

        var person = Person.Create(db.CurrentWorkspaceId, details.Value, clock);
        db.People.Add(person);
        await db.SaveChangesAsync(ct);
        return await PersonQueries.GetAsync(db, person.Id, ct);
    }

    public static async Task<Result<PersonResponse>> UpdateAsync(ParcoursDbContext db, PersonId id, PersonRequest request, TimeProvider clock, CancellationToken ct)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return Problems.NotFound("person", id);
        }

        var details = request.ToDetails();
        if (details.Error is { } invalid)
        {
            return invalid;
        }

        if (await ConflictAsync(db, details.Value, id, ct) is { } conflict)
        {
            return conflict;
        }

        if (person.Update(details.Value, clock))
        {
            await db.SaveChangesAsync(ct);
        }

        return await PersonQueries.GetAsync(db, id, ct);
    }

    /// <summary>Soft-deletes the person and takes them off every stakeholder map, so the accounts' risk is recomputed.</summary>
    public static async Task<Result<bool>> DeleteAsync(ParcoursDbContext db, PersonId id, TimeProvider clock, CancellationToken ct)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return Problems.NotFound("person", id);
        }

        var accounts = await db.Accounts.Include(a => a.Stakeholders)
            .Where(a => a.Stakeholders.Any(s => s.PersonId == id)).ToListAsync(ct);
        foreach (var account in accounts)
        {
            account.RemoveStakeholder(id, clock);
        }

        person.Delete(clock);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static async Task<Error?> ConflictAsync(ParcoursDbContext db, PersonDetails details, PersonId? self, CancellationToken ct)
    {
        if (details.Email is { } email && await db.People.AnyAsync(p => p.Email == email && (self == null || p.Id != self), ct))
        {
            return new Error.Conflict("duplicate_email", $"Another person already has the email {email}.");
        }

        if (details.ExternalId is { } externalId && await db.People.AnyAsync(p => p.ExternalId == externalId && (self == null || p.Id != self), ct))
        {
            return new Error.Conflict("duplicate_external_id", $"Another person already has external id '{externalId}'.");
        }

        return null;
    }
}
