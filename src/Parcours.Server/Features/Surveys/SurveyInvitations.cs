using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Domain.People;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Agenda;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;
using Parcours.Server.Features.Messaging;

namespace Parcours.Server.Features.Surveys;

/// <summary>
/// Invitations to answer a point's survey: made from a trigger event (<c>survey.trigger</c>), sent through the one
/// dispatcher at the point's delay (so consent, caps and quiet hours apply), reminded once (<c>survey.remind</c>) if
/// nobody answered, and expired (<c>survey.expire</c>). Each is named by its cause — the event's message id and the
/// point — so a replayed event invites nobody twice.
/// </summary>
public sealed class SurveyInvitations(MessageDispatcher dispatcher, AgendaScheduler scheduler, TimeProvider clock)
{
    public const string TriggerKind = "survey.trigger";
    public const string RemindKind = "survey.remind";
    public const string ExpireKind = "survey.expire";
    public const string MessageKind = "survey";

    /// <summary>How long after it is due an invitation can be answered.</summary>
    public static readonly TimeSpan AnswerPeriod = TimeSpan.FromDays(14);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Invites the event's person at every point of an active journey that the event triggers. Returns the invitations made now.</summary>
    public async Task<int> TriggerAsync(ParcoursDbContext db, SurveyTrigger e, CancellationToken ct)
    {
        var person = e.UserId is null ? null : await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.ExternalId == e.UserId, ct);
        if (person is null)
        {
            return 0;
        }

        var account = e.GroupId is null ? null : await db.Accounts.Where(a => a.ExternalId == e.GroupId).Select(a => (AccountId?)a.Id).FirstOrDefaultAsync(ct);
        account ??= await db.Stakeholders.Where(s => s.PersonId == person.Id).OrderByDescending(s => s.IsSponsor).Select(s => (AccountId?)s.AccountId).FirstOrDefaultAsync(ct);
        var segment = account is { } a ? await db.Accounts.Where(x => x.Id == a).Select(x => x.Segment).SingleOrDefaultAsync(ct) : null;
        var segments = segment is null ? new HashSet<string>() : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { segment };

        var candidates = await db.Journeys.AsNoTracking().Where(j => j.Active && j.TriggerEvents.Contains(e.Name)).Select(j => j.Definition).ToListAsync(ct);
        var made = 0;
        foreach (var journey in candidates.Select(JourneyJson.Deserialize).Where(r => r.IsSuccess).Select(r => r.Value))
        {
            foreach (var point in journey.Points.Where(p => string.Equals(p.TriggerEvent?.Trim(), e.Name, StringComparison.OrdinalIgnoreCase)))
            {
                made += await InviteAsync(db, journey, point, person, account, segments, e, ct) ? 1 : 0;
            }
        }

        return made;
    }

    /// <summary>The one reminder, to a person who has neither answered nor been reminded, before expiry.</summary>
    public async Task RemindAsync(ParcoursDbContext db, Guid invitationId, CancellationToken ct)
    {
        if (await db.SurveyInvitations.SingleOrDefaultAsync(i => i.Id == invitationId, ct) is not { } invitation
            || invitation.Status is InvitationStatus.Answered or InvitationStatus.Expired or InvitationStatus.NotSent || invitation.RemindedAt is not null)
        {
            return;
        }

        var journey = await SurveyCatalog.JourneyAsync(db, invitation.JourneyKey, ct);
        var survey = await SurveyCatalog.SurveyAsync(db, invitation.SurveyKey, ct);
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == invitation.PersonId, ct);
        if (journey?.Point(invitation.PointKey) is not { } point || survey is null || person is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var zone = LocalTime.Zone(person.TimeZone);
        if (!InvitationRules.ShouldRemind(point.Reminder, new DateTimeOffset(invitation.DueAt, TimeSpan.Zero), false, false, new DateTimeOffset(invitation.ExpiresAt, TimeSpan.Zero), now, zone))
        {
            return;
        }

        // Sent the original? A suppressed or failed invitation is not reminded: the rules said no.
        if (invitation.MessageId is { } sent && await db.Messages.Where(m => m.Id == sent).Select(m => m.Status).SingleOrDefaultAsync(ct) is not (MessageStatus.Sent or MessageStatus.Delivered))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        invitation.RemindedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        await QueueAsync(db, invitation, survey, person, invitation.Channel, reminder: true, now.UtcDateTime, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>An invitation nobody answered in time can no longer be answered.</summary>
    public async Task ExpireAsync(ParcoursDbContext db, Guid invitationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SurveyInvitations.Where(i => i.Id == invitationId && i.Status != InvitationStatus.Answered && i.Status != InvitationStatus.Expired && i.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Expired), ct);
    }

    private async Task<bool> InviteAsync(
        ParcoursDbContext db, JourneyDefinition journey, MeasurementPoint point, Person person, AccountId? account, IReadOnlySet<string> segments, SurveyTrigger e, CancellationToken ct)
    {
        var key = KeyFor(e.MessageId, journey.Key, point.Key);
        if (await db.SurveyInvitations.AnyAsync(i => i.IdempotencyKey == key, ct))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var zone = LocalTime.Zone(person.TimeZone);
        var triggeredAt = new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc));
        var decision = InvitationRules.Decide(point, person.Id, segments, triggeredAt, now, zone);
        if (decision.Outcome is not (InvitationOutcome.Due or InvitationOutcome.Waiting) || await SurveyCatalog.SurveyAsync(db, point.SurveyKey, ct) is not { } survey)
        {
            return false;
        }

        // A trigger replayed long after the fact is not asked about "now" as if it were fresh: it goes at once.
        var dueAt = (decision.DueAt ?? now) < now ? now : decision.DueAt!.Value;
        var channel = InvitationRules.ChannelFor(point, c => Reaches(person, c));
        var invitation = new SurveyInvitation
        {
            WorkspaceId = db.Scope.Current!.Value,
            Id = Guid.CreateVersion7(now),
            JourneyKey = journey.Key,
            StageKey = point.StageKey,
            PointKey = point.Key,
            SurveyKey = point.SurveyKey,
            PersonId = person.Id,
            AccountId = account,
            Channel = channel ?? (point.Channels.Count > 0 ? point.Channels[0] : SurveyChannel.Email),
            IdempotencyKey = key,
            Status = channel is null ? InvitationStatus.NotSent : InvitationStatus.Scheduled,
            InvitedAt = now.UtcDateTime,
            DueAt = dueAt.UtcDateTime,
            ExpiresAt = (dueAt + AnswerPeriod).UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SurveyInvitations.Add(invitation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same cause was handled at the same time elsewhere: that invitation stands.
            await transaction.RollbackAsync(ct);
            db.Entry(invitation).State = EntityState.Detached;
            return false;
        }

        if (channel is { } chosen)
        {
            invitation.MessageId = await QueueAsync(db, invitation, survey, person, chosen, reminder: false, invitation.DueAt, ct);
            var entries = new List<AgendaEntry> { new(ExpireKind, invitation.ExpiresAt, $"{ExpireKind}:{invitation.Id:N}", invitation.Id.ToString()) };
            if (InvitationRules.ReminderAt(point.Reminder, dueAt, zone) is { } remindAt && remindAt < dueAt + AnswerPeriod)
            {
                entries.Add(new(RemindKind, remindAt.UtcDateTime, $"{RemindKind}:{invitation.Id:N}", invitation.Id.ToString()));
            }

            if ((await scheduler.ScheduleManyAsync(db, entries, ct)).Error is { } error)
            {
                throw new InvalidOperationException($"The invitation's reminder could not be scheduled: {error.Detail}");
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task<Guid> QueueAsync(
        ParcoursDbContext db, SurveyInvitation invitation, SurveyDefinition survey, Person person, SurveyChannel channel, bool reminder, DateTime dueAt, CancellationToken ct)
    {
        var template = await SurveyTemplates.InvitationAsync(db, channel, reminder, clock, ct);
        var headline = survey.Headline;
        var (low, high) = ScaleLabels(headline, person.Locale);
        var data = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["invitationId"] = invitation.Id,
            ["survey_name"] = survey.Name.For(person.Locale),
            ["question"] = (headline ?? survey.Questions[0]).Text.For(person.Locale),
            ["scale"] = headline is ScoreQuestion score ? Enumerable.Range(score.Measure.Range().Min, score.Measure.Range().Max - score.Measure.Range().Min + 1).ToList() : [],
            ["low_label"] = low,
            ["high_label"] = high,
            ["reminder"] = reminder,
        }, Json);
        var key = reminder ? $"{invitation.IdempotencyKey}:remind" : invitation.IdempotencyKey;
        var queued = await dispatcher.QueueAsync(db, new MessageRequest(
            person.Id, template, MessageKind, $"survey:{invitation.JourneyKey}:{invitation.PointKey}", key, dueAt, data, invitation.AccountId), ct);
        return queued.Error is { } error ? throw new InvalidOperationException($"The survey invitation could not be queued: {error.Detail}") : queued.Value.MessageId;
    }

    /// <summary>What the ends of the headline's scale mean, in the person's language.</summary>
    public static (string Low, string High) ScaleLabels(SurveyQuestion? headline, string locale)
    {
        string T(string fr, string en) => locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? en : fr;
        return headline switch
        {
            NpsQuestion => (T("pas du tout probable", "not at all likely"), T("très probable", "extremely likely")),
            CesQuestion => (T("pas du tout d'accord", "strongly disagree"), T("tout à fait d'accord", "strongly agree")),
            _ => (T("pas du tout satisfait", "very dissatisfied"), T("très satisfait", "very satisfied")),
        };
    }

    /// <summary>Whether the person can get a survey on this channel: an address and consent. Voice and pop-ups are not sent from here yet.</summary>
    public static bool Reaches(Person person, SurveyChannel channel) => channel switch
    {
        SurveyChannel.Email => person.Email is not null && person.Consent.Email,
        SurveyChannel.Sms => person.Phone is not null && person.Consent.Sms,
        _ => false,
    };

    /// <summary>The invitation's idempotency key: the cause (event message id) and the point; hashed when the message id is long.</summary>
    public static string KeyFor(string messageId, string journeyKey, string pointKey)
    {
        var key = $"survey:{journeyKey}:{pointKey}:{messageId}";
        return key.Length <= SurveyInvitation.MaxKeyLength
            ? key
            : $"survey:{journeyKey}:{pointKey}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))}";
    }

    /// <summary>The invitation a survey message (the invitation or its reminder) carries.</summary>
    public static Guid? InvitationIdOf(string? data)
    {
        if (data is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("invitationId", out var value) && value.TryGetGuid(out var id) ? id : null;
    }

    internal static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
