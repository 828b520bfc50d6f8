using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;

namespace Parcours.Server.Features.Messaging;

public sealed record BlackoutDto(DateOnly Start, DateOnly End, string? Label);

public sealed record ChannelRulesDto(
    MessageChannel Channel, bool Enabled, int? MaxPerDay, int? MaxPerWeek, CapOverflow OverCap, TimeOnly? QuietStart, TimeOnly? QuietEnd,
    IReadOnlyList<BlackoutDto> Blackouts, bool IsDefault);

/// <summary>A workspace's solicitation rules per channel: stored rows, else each channel's defaults.</summary>
public static class SolicitationRules
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ChannelRules> ForAsync(ParcoursDbContext db, MessageChannel channel, CancellationToken ct)
    {
        var row = await db.SolicitationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Channel == channel, ct);
        return row is null ? ChannelRules.DefaultFor(channel) : ToRules(row);
    }

    public static async Task<List<ChannelRulesDto>> AllAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var rows = await db.SolicitationSettings.AsNoTracking().ToDictionaryAsync(s => s.Channel, ct);
        return [.. MessageChannels.All.Select(c => rows.TryGetValue(c, out var row) ? Dto(c, ToRules(row), false) : Dto(c, ChannelRules.DefaultFor(c), true))];
    }

    public static async Task<Result<ChannelRulesDto>> SaveAsync(ParcoursDbContext db, MessageChannel channel, ChannelRulesDto request, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.IsDefined(channel))
        {
            return new Error.NotFound("channel_not_found", $"No channel '{channel}'.");
        }

        var checkedRules = ChannelRules.Create(request.Enabled, request.MaxPerDay, request.MaxPerWeek, request.OverCap, request.QuietStart, request.QuietEnd,
            (request.Blackouts ?? []).Select(b => new BlackoutPeriod(b.Start, b.End, string.IsNullOrWhiteSpace(b.Label) ? null : b.Label.Trim())));
        if (checkedRules.Error is { } error)
        {
            return error;
        }

        var rules = checkedRules.Value;
        var row = await db.SolicitationSettings.SingleOrDefaultAsync(s => s.Channel == channel, ct);
        if (row is null)
        {
            row = new SolicitationSetting { WorkspaceId = db.Scope.Current!.Value, Channel = channel };
            db.SolicitationSettings.Add(row);
        }

        row.Enabled = rules.Enabled;
        row.MaxPerDay = rules.MaxPerDay;
        row.MaxPerWeek = rules.MaxPerWeek;
        row.OverCap = rules.OverCap;
        row.QuietStart = rules.Quiet?.Start;
        row.QuietEnd = rules.Quiet?.End;
        row.Blackouts = JsonSerializer.Serialize(rules.Blackouts.Select(b => new BlackoutDto(b.Start, b.End, b.Label)), Json);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Dto(channel, rules, false);
    }

    private static ChannelRules ToRules(SolicitationSetting row)
    {
        var blackouts = JsonSerializer.Deserialize<List<BlackoutDto>>(row.Blackouts, Json) ?? [];
        var quiet = row.QuietStart is { } start && row.QuietEnd is { } end ? new QuietHours(start, end) : null;
        return new ChannelRules(row.Enabled, row.MaxPerDay, row.MaxPerWeek, row.OverCap, quiet, [.. blackouts.Select(b => new BlackoutPeriod(b.Start, b.End, b.Label))]);
    }

    private static ChannelRulesDto Dto(MessageChannel channel, ChannelRules rules, bool isDefault) =>
        new(channel, rules.Enabled, rules.MaxPerDay, rules.MaxPerWeek, rules.OverCap, rules.Quiet?.Start, rules.Quiet?.End,
            [.. rules.Blackouts.Select(b => new BlackoutDto(b.Start, b.End, b.Label))], isDefault);
}
