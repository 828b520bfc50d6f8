using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.Messaging;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;
using Parcours.Server.Features.Tasks;

namespace Parcours.Server.Features.Surveys;

/// <summary>What recording did: the stored response, whether it amended an earlier one, and the callback it opened.</summary>
public sealed record RecordedResponse(SurveyResponseRow Response, bool Amended, Guid? CallbackId);

/// <summary>
/// Records answers to an invitation: the response row, the aggregates moved by <see cref="SurveyAggregates.Delta"/>
/// and the invitation marked answered, in one transaction; a dissatisfied answer (<see cref="Callback.OpenFor"/>) also
/// opens a callback for the account's owner (else the workspace's first member) with a team task that emails them.
/// One response per invitation, amendable within <see cref="AmendmentWindow"/>; after that, "already answered".
/// </summary>
public sealed class SurveyResponses(TeamTasks tasks, Journeys.CallbackCommands callbacks, TimeProvider clock)
{
    /// <summary>
    /// The zone the monthly aggregates are cut in. Workspaces have no zone of their own yet; every writer of
    /// <c>survey_aggregates</c> (this class, demo data) must use this one so that buckets agree.
    /// </summary>
    public static TimeZoneInfo ReportingZone { get; } = LocalTime.Zone("Europe/Paris");

    /// <summary>How <see cref="SurveyResponseRow.Answers"/> is written: the domain's answers with their <c>type</c> tag.</summary>
    public static JsonSerializerOptions AnswersJson { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Records <paramref name="answers"/>. <paramref name="complete"/>: a whole response, checked with
    /// <see cref="SurveyDefinition.CheckResponse"/>, which replaces the earlier answers; otherwise one answer (the
    /// one-click score), checked alone and merged into the earlier answers.
    /// </summary>
    public async Task<Result<RecordedResponse>> RecordAsync(
        ParcoursDbContext db, SurveyInvitation invitation, IReadOnlyList<QuestionAnswer> answers, bool complete, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (invitation.Status == InvitationStatus.Expired || (invitation.AnsweredAt is null && now.UtcDateTime > invitation.ExpiresAt))
        {
            return new Error.Conflict("invitation_expired", "This survey is closed.");
        }

        var survey = await SurveyCatalog.SurveyAsync(db, invitation.SurveyKey, ct);
        var point = (await SurveyCatalog.JourneyAsync(db, invitation.JourneyKey, ct))?.Point(invitation.PointKey);
        if (survey is null || point is null)
        {
            return new Error.NotFound("survey_not_found", "This survey no longer exists.");
        }

        var existing = await db.SurveyResponses.SingleOrDefaultAsync(r => r.InvitationId == invitation.Id, ct);
        if (existing is not null && !AmendmentWindow.IsOpen(new DateTimeOffset(existing.AnsweredAt, TimeSpan.Zero), now))
        {
            return new Error.Conflict("already_answered", "This survey was already answered.");
        }

        var earlier = existing is null ? [] : Read(existing.Answers);
        Result<IReadOnlyList<QuestionAnswer>> checkedAnswers;
        if (complete)
        {
            checkedAnswers = survey.CheckResponse(answers);
        }
        else
        {
            var one = answers.Count == 1 ? survey.CheckAnswer(answers[0]) : new Error.Invalid("one_answer", "One answer at a time.");
            // A new score from the email keeps the comment already written for the earlier one.
            if (one.IsSuccess && one.Value is ScoreAnswer { Verbatim: null } fresh && earlier.FirstOrDefault(e => e.QuestionKey == fresh.QuestionKey) is ScoreAnswer { Verbatim: { } kept })
            {
                one = fresh with { Verbatim = kept };
            }

            checkedAnswers = one.IsSuccess
                ? Result<IReadOnlyList<QuestionAnswer>>.Ok([.. earlier.Where(a => a.QuestionKey != one.Value.QuestionKey), one.Value])
                : one.Error!;
        }

        if (checkedAnswers.Error is { } invalid)
        {
            return invalid;
        }

        var current = checkedAnswers.Value;
        var firstAnsweredAt = existing is null ? now : new DateTimeOffset(existing.AnsweredAt, TimeSpan.Zero);
        var before = existing is null ? null : Scored(invitation, survey, earlier, firstAnsweredAt);
        var after = Scored(invitation, survey, current, firstAnsweredAt);
        var account = invitation.AccountId is { } a ? await db.Accounts.AsNoTracking().Where(x => x.Id == a).Select(x => new { x.Segment, x.Plan, x.OwnerId }).SingleOrDefaultAsync(ct) : null;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = existing ?? new SurveyResponseRow
        {
            WorkspaceId = invitation.WorkspaceId,
            Id = Guid.CreateVersion7(now),
            InvitationId = invitation.Id,
            PersonId = invitation.PersonId,
            AccountId = invitation.AccountId,
            JourneyKey = invitation.JourneyKey,
            StageKey = invitation.StageKey,
            PointKey = invitation.PointKey,
            SurveyKey = invitation.SurveyKey,
            Channel = invitation.Channel,
            Segment = account?.Segment,
            Product = account?.Plan,
            AnsweredAt = now.UtcDateTime,
        };
        Fill(row, survey, current, now.UtcDateTime);
        if (existing is null)
        {
            db.SurveyResponses.Add(row);
        }

        invitation.Status = InvitationStatus.Answered;
        invitation.AnsweredAt ??= now.UtcDateTime;
        invitation.OpenedAt ??= now.UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (existing is null)
        {
            // Two first answers at once (a double click): the other one is the response; this one may amend it.
            await transaction.RollbackAsync(ct);
            return new Error.Conflict("answer_in_progress", "An answer is being recorded; reload the page.");
        }

        await ApplyAsync(db, SurveyAggregates.Delta(before, after, ReportingZone), ct);
        var callback = await OpenCallbackAsync(db, invitation, point, survey, current, row, account?.OwnerId?.Value, now, ct);
        await transaction.CommitAsync(ct);
        return new RecordedResponse(row, existing is not null, callback);
    }

    /// <summary>The stored answers of a response.</summary>
    public static IReadOnlyList<QuestionAnswer> Read(string answers) =>
        JsonSerializer.Deserialize<List<QuestionAnswer>>(answers, AnswersJson) ?? [];

    private static ScoredResponse Scored(SurveyInvitation invitation, SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers, DateTimeOffset at) =>
        new(invitation.JourneyKey, invitation.StageKey, invitation.PointKey, at, ScoredResponse.ScoresOf(survey, answers));

    private static void Fill(SurveyResponseRow row, SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers, DateTime now)
    {
        row.Answers = JsonSerializer.Serialize(answers, AnswersJson);
        var headline = survey.Headline;
        row.HeadlineMeasure = headline is null || headline.Measures.Count == 0 ? null : headline.Measures[0];
        row.HeadlineScore = headline is null ? null : answers.Select(a => SurveyHeadline.AnswerScore(headline, a)).FirstOrDefault(s => s is not null);
        var verbatim = answers.Select(a => a switch
        {
            ScoreAnswer s => s.Verbatim,
            CxiAnswer c => c.Verbatim,
            TextAnswer t => t.Text,
            _ => null,
        }).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        row.Verbatim = verbatim is { Length: > SurveyResponseRow.MaxVerbatimLength } ? verbatim[..SurveyResponseRow.MaxVerbatimLength] : verbatim;
        row.UpdatedAt = now;
    }

    /// <summary>Adds the counts in the database itself (an upsert adding to the row), so concurrent answers never lose one.</summary>
    private static async Task ApplyAsync(ParcoursDbContext db, IReadOnlyDictionary<AggregateBucket, ScoreCounts> delta, CancellationToken ct)
    {
        const string Sql = """
            INSERT INTO survey_aggregates ("WorkspaceId", "JourneyKey", "StageKey", "PointKey", "Month", "Measure", "Answers", "High", "Low", "Sum")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
            ON CONFLICT ("WorkspaceId", "JourneyKey", "StageKey", "PointKey", "Month", "Measure") DO UPDATE SET
              "Answers" = survey_aggregates."Answers" + excluded."Answers", "High" = survey_aggregates."High" + excluded."High",
              "Low" = survey_aggregates."Low" + excluded."Low", "Sum" = survey_aggregates."Sum" + excluded."Sum"
            """;
        var sqlite = db.Database.IsSqlite();
        var workspace = db.Scope.Current!.Value.Value;
        foreach (var (bucket, counts) in delta)
        {
            object[] values =
            [
                sqlite ? workspace.ToString().ToUpperInvariant() : workspace, bucket.JourneyKey, bucket.StageKey, bucket.PointKey,
                sqlite ? bucket.Month.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : bucket.Month,
                (int)bucket.Measure, counts.Answers, counts.High, counts.Low, counts.Sum,
            ];
            await db.Database.ExecuteSqlRawAsync(Sql, Parameters(db, values), ct);
        }
    }

    private static DbParameter[] Parameters(ParcoursDbContext db, object[] values)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        return [.. values.Select((value, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"p{i}";
            parameter.Value = value;
            return parameter;
        })];
    }

    private async Task<Guid?> OpenCallbackAsync(
        ParcoursDbContext db, SurveyInvitation invitation, MeasurementPoint point, SurveyDefinition survey, IReadOnlyList<QuestionAnswer> answers,
        SurveyResponseRow response, Guid? owner, DateTimeOffset now, CancellationToken ct)
    {
        if (Callback.ReasonsFor(point, survey, answers).Count == 0 || await db.Callbacks.AnyAsync(c => c.ResponseId == response.Id, ct))
        {
            return null;
        }

        var assignee = owner ?? await Approvals.Approvals.FirstMemberAsync(db, ct);
        if (assignee is not { } user)
        {
            return null;
        }

        var opened = Callback.OpenFor(point, survey, answers, new SurveyResponseId(response.Id), new UserId(user), now)!;
        var row = new CallbackRow
        {
            WorkspaceId = invitation.WorkspaceId,
            Id = Guid.CreateVersion7(now),
            ResponseId = response.Id,
            PersonId = invitation.PersonId,
            AccountId = invitation.AccountId,
            JourneyKey = invitation.JourneyKey,
            PointKey = invitation.PointKey,
            AssigneeId = user,
            OpenedAt = opened.OpenedAt.UtcDateTime,
            DueAt = opened.DueAt.UtcDateTime,
            Reasons = string.Join(',', opened.Reasons.Select(r => r.ToString())),
        };
        db.Callbacks.Add(row);
        await db.SaveChangesAsync(ct);
        // The deadline check escalates to the owner's manager if nobody has called back by then.
        if ((await callbacks.ScheduleDeadlineAsync(db, row, ct)).Error is { } deadlineError)
        {
            throw new InvalidOperationException($"The callback's deadline could not be scheduled: {deadlineError.Detail}");
        }

        var name = await db.People.Where(p => p.Id == invitation.PersonId).Select(p => p.FirstName + " " + p.LastName).SingleOrDefaultAsync(ct) ?? "?";
        var score = response.HeadlineScore is { } s ? $" (note {s})" : "";
        var note = $"{point.Name.Fr} — {response.Verbatim ?? "pas encore de commentaire"}";
        // The task emails the assignee (task.notify); the callback stands even if the task cannot be made.
        _ = await tasks.CreateAsync(db, new TaskRequest(user, $"Rappeler {name}, insatisfait{score}", row.DueAt, "callback",
            $"callback:{row.Id:N}", invitation.PersonId, invitation.AccountId, note.Length > 2000 ? note[..2000] : note), ct);
        return row.Id;
    }
}
