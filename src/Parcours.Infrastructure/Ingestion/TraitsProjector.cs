using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;
using Parcours.Domain.People;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Infrastructure.Ingestion;

/// <summary>
/// Turns identify and group calls into the people and accounts the cockpit shows: identify creates or updates the person
/// whose external id is the user id (or who has the same email and no external id yet, e.g. imported from a CSV);
/// group does the same for the account whose external id is the group id and puts the user on its stakeholder map.
/// Traits that do not pass the domain's checks are left out; the event itself is stored whatever happens here.
/// </summary>
public sealed class TraitsProjector(ParcoursDbContext db, TimeProvider clock)
{
    public async Task ApplyAsync(IReadOnlyList<RawEvent> events, IdentityGraph graph, CancellationToken ct)
    {
        foreach (var e in events.OrderBy(e => e.Timestamp))
        {
            var user = e.UserId is { } id ? graph.Canonical(id) : graph.PersonOf(e);
            if (e.Type == "identify" && user is not null)
            {
                await IdentifyAsync(user, Traits.Of(e.Properties), ct);
            }
            else if (e.Type == "group" && e.GroupId is { } group)
            {
                var account = await GroupAsync(group, Traits.Of(e.Properties), ct);
                if (user is not null && await FindPersonAsync(user, null, ct) is { } person
                    && account.Stakeholders.All(s => s.PersonId != person.Id))
                {
                    account.SetStakeholder(person.Id, new StakeholderDetails(StakeholderRole.EndUser, false, null, null), clock);
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }

    private async Task IdentifyAsync(string userId, Traits traits, CancellationToken ct)
    {
        var email = Values.Email("email", traits.Text("email")) is { IsSuccess: true, Value: { } clean } ? clean : null;
        var person = await FindPersonAsync(userId, email, ct);
        if (email is not null && await db.People.AnyAsync(p => p.Email == email && (person == null || p.Id != person.Id), ct))
        {
            email = null; // Another person has that address: never merge two people on a trait.
        }

        var (first, last) = traits.Names(fallback: email?.Split('@')[0] ?? userId);
        var details = Details(person, first, last, email, traits, userId)
            ?? Details(person, first, last, email: null, Traits.None, userId);
        if (details is null)
        {
            return;
        }

        if (person is null)
        {
            db.People.Add(Person.Create(db.CurrentWorkspaceId, details, clock));
        }
        else
        {
            person.Update(details, clock);
        }
    }

    private static PersonDetails? Details(Person? person, string first, string last, string? email, Traits traits, string userId)
    {
        var result = PersonDetails.Create(
            traits.Text("firstName", "first_name") ?? (person is null ? first : person.FirstName),
            traits.Text("lastName", "last_name") ?? (person is null ? last : person.LastName),
            email ?? person?.Email,
            traits.Text("phone") ?? person?.Phone,
            traits.Text("title", "jobTitle") ?? person?.JobTitle,
            traits.Text("locale", "language") ?? person?.Locale,
            traits.Text("timezone", "timeZone") ?? person?.TimeZone,
            userId,
            person?.Kind ?? PersonKind.CustomerContact,
            person?.Consent,
            person?.Tags);
        return result.IsSuccess ? result.Value : null;
    }

    private async Task<Account> GroupAsync(string groupId, Traits traits, CancellationToken ct)
    {
        var account = db.Accounts.Local.FirstOrDefault(a => a.ExternalId == groupId)
            ?? await db.Accounts.Include(a => a.Stakeholders).FirstOrDefaultAsync(a => a.ExternalId == groupId, ct);
        var details = AccountDetails.Create(
            traits.Text("name") ?? account?.Name ?? groupId,
            traits.Text("website", "domain") ?? account?.Domain,
            groupId,
            traits.Text("segment") ?? account?.Segment,
            traits.Text("plan") ?? account?.Plan,
            account?.MrrMinor,
            account?.Currency,
            account?.OwnerId,
            account?.Stage ?? LifecycleStage.Onboarding,
            account?.StartDate,
            account?.RenewalDate,
            account?.Tags);
        var clean = details.IsSuccess
            ? details.Value
            : AccountDetails.Create(account?.Name ?? groupId, externalId: groupId).Value;
        if (account is null)
        {
            account = Account.Create(db.CurrentWorkspaceId, clean, clock);
            db.Accounts.Add(account);
        }
        else
        {
            account.Update(clean, clock);
        }

        return account;
    }

    private async Task<Person?> FindPersonAsync(string userId, string? email, CancellationToken ct) =>
        db.People.Local.FirstOrDefault(p => p.ExternalId == userId)
        ?? await db.People.FirstOrDefaultAsync(p => p.ExternalId == userId, ct)
        ?? (email is null ? null : await db.People.FirstOrDefaultAsync(p => p.Email == email && p.ExternalId == null, ct));

    /// <summary>The traits object of an identify or group call, read leniently: only strings and numbers count.</summary>
    private sealed class Traits(Dictionary<string, string> values)
    {
        public static readonly Traits None = new([]);

        public static Traits Of(string? json)
        {
            if (json is null)
            {
                return None;
            }

            using var document = JsonDocument.Parse(json);
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number && property.Value.ToString() is { Length: > 0 } text)
                {
                    values.TryAdd(property.Name, text);
                }
            }

            return new Traits(values);
        }

        public string? Text(params string[] names) =>
            names.Select(n => values.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        /// <summary>First and last name from "name" when the separate traits are absent.</summary>
        public (string First, string Last) Names(string fallback)
        {
            var full = Text("name")?.Trim();
            if (string.IsNullOrEmpty(full))
            {
                return (fallback, "-");
            }

            var space = full.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? (full, "-") : (full[..space], full[(space + 1)..].Trim());
        }
    }
}
