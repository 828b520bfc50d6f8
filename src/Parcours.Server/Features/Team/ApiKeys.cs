using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Team;

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, string Role, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Returned once, at creation: the only time the whole key is ever shown.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse ApiKey, string Key);

public sealed record ApiKeyRequest
{
    [Required]
    [StringLength(Values.MaxShortText, MinimumLength = 1)]
    public string Name { get; init; } = "";

    [Required]
    [AllowedValues(Roles.Admin, Roles.Manager, Roles.Csm, Roles.Viewer)]
    public string Role { get; init; } = Roles.Viewer;
}

public static class ApiKeys
{
    public static async Task<List<ApiKeyResponse>> ListAsync(ParcoursDbContext db, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.Role, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);

    public static async Task<Result<CreatedApiKeyResponse>> CreateAsync(ParcoursDbContext db, ApiKeyRequest request, Guid? createdBy, TimeProvider clock, CancellationToken ct)
    {
        var name = Values.RequiredText("name", request.Name, Values.MaxShortText);
        if (name.Error is { } invalid)
        {
            return invalid;
        }

        if (!Roles.IsKnown(request.Role))
        {
            return new Error.Invalid("invalid_role", $"role must be one of {string.Join(", ", Roles.All)}.", "role");
        }

        var (key, prefix) = Secrets.NewKey(Secrets.ApiKeyPrefix);
        var apiKey = new ApiKey
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            WorkspaceId = db.CurrentWorkspaceId,
            Name = name.Value,
            Prefix = prefix,
            SecretHash = Secrets.Hash(key),
            Role = request.Role,
            CreatedById = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKeyResponse(
            new ApiKeyResponse(apiKey.Id, apiKey.Name, apiKey.Prefix, apiKey.Role, apiKey.CreatedAt, null, null), key);
    }

    public static async Task<Result<ApiKeyResponse>> RevokeAsync(ParcoursDbContext db, Guid id, TimeProvider clock, CancellationToken ct)
    {
        var apiKey = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (apiKey is null)
        {
            return Problems.NotFound("api_key", id);
        }

        apiKey.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new ApiKeyResponse(apiKey.Id, apiKey.Name, apiKey.Prefix, apiKey.Role, apiKey.CreatedAt, apiKey.LastUsedAt, apiKey.RevokedAt);
    }

    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        group.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => ListAsync(db, ct));
        group.MapPost("/", async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> (ApiKeyRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await CreateAsync(db, request, null, clock, ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/api-keys/{result.Value.ApiKey.Id}", result.Value) : Problems.From(result.Error!);
            })
            .WithSummary("Create a key; the response holds the whole key, shown only this once.");
        group.MapDelete("/{id:guid}", async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await RevokeAsync(db, id, clock, ct)))
            .WithSummary("Revoke a key: it stops working at once.");
        return group;
    }
}
