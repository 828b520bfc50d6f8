using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Ingestion;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Ingestion;

public sealed record WriteKeyResponse(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Returned once, at creation: the only time the whole write key is ever shown.</summary>
public sealed record CreatedWriteKeyResponse(WriteKeyResponse WriteKey, string Key);

public sealed record WriteKeyRequest
{
    /// <summary>The source that will send with this key, e.g. "Web app".</summary>
    [Required]
    [StringLength(Values.MaxShortText, MinimumLength = 1)]
    public string Name { get; init; } = "";
}

/// <summary>Create, list and revoke the write keys of the current workspace (cockpit page and REST API).</summary>
public static class WriteKeys
{
    public static async Task<List<WriteKeyResponse>> ListAsync(ParcoursDbContext db, CancellationToken ct) =>
        await db.WriteKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .Select(k => new WriteKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);

    public static async Task<Result<CreatedWriteKeyResponse>> CreateAsync(ParcoursDbContext db, WriteKeyRequest request, Guid? createdBy, TimeProvider clock, CancellationToken ct)
    {
        var name = Values.RequiredText("name", request.Name, Values.MaxShortText);
        if (name.Error is { } invalid)
        {
            return invalid;
        }

        var (key, prefix) = Secrets.NewKey(Secrets.WriteKeyPrefix);
        var writeKey = new WriteKey
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            WorkspaceId = db.CurrentWorkspaceId,
            Name = name.Value,
            Prefix = prefix,
            SecretHash = Secrets.Hash(key),
            CreatedById = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WriteKeys.Add(writeKey);
        await db.SaveChangesAsync(ct);
        return new CreatedWriteKeyResponse(Response(writeKey), key);
    }

    public static async Task<Result<WriteKeyResponse>> RevokeAsync(ParcoursDbContext db, Guid id, TimeProvider clock, CancellationToken ct)
    {
        var writeKey = await db.WriteKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (writeKey is null)
        {
            return Problems.NotFound("write_key", id);
        }

        writeKey.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Response(writeKey);
    }

    public static RouteGroupBuilder MapWriteKeys(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/write-keys").WithTags("Write keys").RequireAuthorization(Policies.Admin);
        group.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => ListAsync(db, ct));
        group.MapPost("/", async Task<Results<Created<CreatedWriteKeyResponse>, ProblemHttpResult>> (WriteKeyRequest request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await CreateAsync(db, request, null, clock, ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/write-keys/{result.Value.WriteKey.Id}", result.Value) : Problems.From(result.Error!);
            })
            .WithSummary("Create a write key for the Segment-compatible /v1 tracking API; the response holds the whole key, shown only this once.");
        group.MapDelete("/{id:guid}", async Task<Results<Ok<WriteKeyResponse>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await RevokeAsync(db, id, clock, ct)))
            .WithSummary("Revoke a write key: events sent with it are refused at once.");
        return group;
    }

    private static WriteKeyResponse Response(WriteKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
