using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Adoption;

public static class AdoptionEndpoints
{
    public static RouteGroupBuilder MapAdoption(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts/{id:guid}/adoption", async Task<Results<Ok<AccountAdoptionResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AdoptionQueries.ForAccountAsync(db, new AccountId(id), clock, ct)))
            .WithTags("Adoption")
            .WithSummary("An account's adoption: active days, logins, breadth, sticky features, 30-week trend, and its people's activity.");

        api.MapGet("/people/{id:guid}/adoption", async Task<Results<Ok<PersonAdoptionResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AdoptionQueries.ForPersonAsync(db, new PersonId(id), clock, ct)))
            .WithTags("Adoption")
            .WithSummary("A person's adoption and, when the inactivity rule says so, the day they became inactive.");

        var group = api.MapGroup("/adoption").WithTags("Adoption");
        group.MapGet("/", (ParcoursDbContext db, TimeProvider clock, CancellationToken ct) => AdoptionQueries.OverviewAsync(db, clock, ct))
            .WithSummary("Accounts by adoption band and trend, and the most and least used features.");

        group.MapGet("/features", (ParcoursDbContext db, CancellationToken ct) => AdoptionSettingsCommands.FeaturesAsync(db, ct))
            .WithSummary("The feature catalogue: event names (with * wildcards) counted as each feature, basic or sticky, with a weight.");
        group.MapPut("/features", async Task<Results<Ok<List<FeatureResponse>>, ProblemHttpResult>> (IReadOnlyList<FeatureRequest> features, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await AdoptionSettingsCommands.ReplaceFeaturesAsync(db, features, clock, ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the whole catalogue; applies to past usage too (rollups keep event names).");

        group.MapGet("/settings", (ParcoursDbContext db, CancellationToken ct) => AdoptionSettingsCommands.SettingsAsync(db, ct));
        group.MapPut("/settings", async Task<Results<Ok<AdoptionSettingsResponse>, ProblemHttpResult>> (AdoptionSettingsRequest request, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await AdoptionSettingsCommands.UpdateSettingsAsync(db, request, ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Login event names and the inactivity rule (default days, per-segment overrides).");
        return group;
    }
}
