using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Domain.Journeys;
using Parcours.Domain.People;
using Parcours.Domain.Surveys;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Server.Features.Journeys;

/// <summary>
/// The demo's journeys: both built-in journeys installed, six months of invitations and answers from the demo's
/// customers (NPS mostly passives and promoters with a few detractors, after-sales lower, French verbatims), the
/// maintained aggregates built answer by answer exactly as the runtime adds them, callbacks of the unhappy (closed ones
/// with their calls, recent ones still open, some overdue), re-surveys that show recovery, fans and two action plans.
/// Everything is written in one save, so it stays fast.
/// </summary>
public sealed partial class DemoSurveys(CallbackCommands callbacks, Surveys.SurveyCatalog catalog, TimeProvider clock, ILogger<DemoSurveys> logger)
{
    public const int Months = 6;

    private static readonly JsonSerializerOptions AnswersJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] Products = ["Maison", "Mode", "High-tech", "Jardin"];

    private static readonly Dictionary<string, string[]> Praise = new()
    {
        ["order"] = ["Commande passée en deux minutes sur mon téléphone, parfait.", "Paiement simple et rapide, rien à redire.", "Site clair, j'ai trouvé tout de suite ce que je cherchais."],
        ["delivery"] = ["Colis arrivé en avance et très bien emballé !", "Livreur aimable et ponctuel, bravo.", "Suivi par SMS très pratique, je savais exactement quand il arrivait.", "Produit conforme, qualité au rendez-vous. Je recommande."],
        ["after_sales"] = ["Conseillère très à l'écoute, problème réglé en un appel.", "Échange rapide et efficace, merci à Julien du SAV.", "On m'a rappelé dans l'heure, je ne m'y attendais pas !"],
        ["signature"] = ["Signature électronique simple, contrat clair.", "Le commercial a bien expliqué chaque clause."],
        ["onboarding"] = ["Formation très claire, l'équipe a été autonome en une semaine.", "Notre CSM est réactive et de bon conseil.", "Démarrage bien cadré : jalons tenus, pas de surprise."],
        ["first_value"] = ["On gagne déjà deux heures par semaine sur le reporting.", "Les tableaux de bord ont convaincu notre direction.", "Outil intuitif, adopté par toute l'équipe."],
        ["support"] = ["Réponse du support en moins d'une heure, impeccable.", "Le technicien a pris le temps de m'expliquer la cause.", "Ticket résolu du premier coup."],
        ["renewal"] = ["Renouvellement sans accroc, proposition bien préparée.", "Bonne écoute sur nos besoins pour l'année prochaine.", "Partenaire fiable, on continue avec plaisir."],
    };

    private static readonly Dictionary<string, string[]> Complaints = new()
    {
        ["order"] = ["Le paiement a échoué deux fois avant de passer.", "Impossible de modifier mon adresse après la commande.", "Trop d'étapes pour créer un compte."],
        ["delivery"] = ["Colis livré avec trois jours de retard, sans prévenir.", "Carton abîmé, un article cassé à l'intérieur.", "Le livreur a laissé le colis devant la porte sans sonner.", "Il manquait un article dans ma commande."],
        ["after_sales"] = ["Vingt minutes d'attente au téléphone, c'est trop.", "On m'a promis un rappel qui n'est jamais venu.", "Toujours pas remboursé après deux semaines.", "Chaque conseiller me redemande tout depuis le début."],
        ["signature"] = ["Le contrat a fait trois allers-retours avec le juridique.", "Délais de validation interminables."],
        ["onboarding"] = ["Import des données laborieux, il a fallu s'y reprendre.", "La formation allait trop vite pour nos équipes terrain.", "Le SSO nous a bloqués une semaine."],
        ["first_value"] = ["Les exports ne correspondent pas à nos besoins.", "Encore des lenteurs sur les gros volumes.", "Il manque l'intégration avec notre CRM."],
        ["support"] = ["Trois jours pour une première réponse, inacceptable.", "Ticket fermé sans que le problème soit réglé.", "Réponses toutes faites, on ne lit pas vraiment ma demande."],
        ["renewal"] = ["Hausse de prix mal expliquée.", "On a dû relancer plusieurs fois pour obtenir le devis."],
    };

    private static readonly string[] Neutral =
    [
        "Correct dans l'ensemble, sans plus.", "Ça fait le travail.", "Quelques petits détails à améliorer mais rien de grave.", "Pas mal, mais les concurrents font pareil.",
    ];

    private static readonly string[] CallNotes =
    [
        "Client joint, très remonté au début puis rassuré.", "Joint : le problème vient du transporteur, geste commercial proposé.",
        "Joint, il attend surtout un suivi plus clair.", "Échange cordial, le client apprécie d'avoir été rappelé.",
    ];

    /// <summary>What a call that did not reach the customer says: kept apart so a "not reached" call never reads as a conversation.</summary>
    private static readonly string[] MissedCallNotes =
    [
        "Messagerie, message laissé avec mon numéro direct.", "Pas de réponse, rappel prévu demain matin.", "Ligne occupée, SMS envoyé pour proposer un créneau.",
    ];

    private static readonly string[] Actions =
    [
        "Bon d'achat de 15 € envoyé.", "Remboursement déclenché.", "Ticket remonté au responsable logistique.", "Formation complémentaire planifiée.", "Renvoi de l'article en express.",
    ];

    private static readonly string[] Outcomes =
    [
        "Client satisfait de la solution proposée.", "Problème résolu, client rassuré.", "Geste commercial accepté.", "Client toujours mécontent, suivi par le manager.",
    ];

    private sealed record Customer(PersonId Person, AccountId? Account, string? Segment, string? Plan, Guid? Owner);

    public async Task SeedAsync(ParcoursDbContext db, int seed, CancellationToken ct)
    {
        var random = new Random(seed + 17);
        var now = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        var workspace = db.Scope.Current!.Value;
        foreach (var template in BuiltInJourneys.All)
        {
            if (!await db.Journeys.AnyAsync(j => j.Key == template.Journey.Key, ct))
            {
                await catalog.InstallAsync(db, template.Journey.Key, active: true, ct);
            }
        }

        var team = await db.Users.Where(u => u.WorkspaceId == workspace && u.DeactivatedAt == null).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
        var customers = await CustomersAsync(db, ct);
        if (customers.Count == 0 || team.Count == 0)
        {
            return;
        }

        var aggregates = new SurveyAggregates(JourneyCatalog.Zone);
        var invitations = new List<SurveyInvitation>();
        var responses = new List<SurveyResponseRow>();
        var callbackRows = new List<CallbackRow>();
        var start = now.AddMonths(-Months + 1);
        start = new DateTimeOffset(start.Year, start.Month, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var journey in await JourneyCatalog.LoadAllAsync(db, ct))
        {
            var b2b = journey.Definition.Key != BuiltInJourneys.ECommerce.Journey.Key;
            var pool = b2b ? [.. customers.Where(c => c.Account is not null)] : customers;
            if (pool.Count == 0)
            {
                continue;
            }

            foreach (var point in journey.Definition.Points)
            {
                var survey = journey.Surveys[point.SurveyKey];
                var perMonth = b2b ? 12 : 30;
                for (var month = start; month < now; month = month.AddMonths(1))
                {
                    var end = month.AddMonths(1) < now ? month.AddMonths(1) : now;
                    var count = (int)(perMonth * (end - month).TotalDays / 30) + random.Next(0, 6);
                    for (var i = 0; i < count; i++)
                    {
                        var customer = pool[random.Next(pool.Count)];
                        var invitedAt = month.AddMinutes(random.NextDouble() * (end - month).TotalMinutes * 0.97);
                        var (invitation, response) = Invite(random, workspace, journey, point, survey, customer, invitedAt, now);
                        invitations.Add(invitation);
                        if (response is null)
                        {
                            continue;
                        }

                        responses.Add(response.Row);
                        aggregates.Add(response.Scored);
                        if (Callback.OpenFor(point, survey, response.Answers, new SurveyResponseId(response.Row.Id), new UserId(customer.Owner ?? team[random.Next(team.Count)]),
                                CallbackRows.Utc(response.Row.AnsweredAt)) is { } callback)
                        {
                            var row = CallbackOf(random, workspace, journey, customer, callback, now, team);
                            callbackRows.Add(row);
                            if (row.ClosedAt is { } closedAt && point.Delay is not ColdSchedule && survey.Headline is NpsQuestion && random.NextDouble() < 0.6
                                && CallbackRows.Utc(closedAt).AddDays(4) < now)
                            {
                                // The short re-survey after the callback: most detractors called back answer better.
                                var (again, answer) = Invite(random, workspace, journey, point, survey, customer, CallbackRows.Utc(closedAt).AddDays(3), now, recovery: true);
                                invitations.Add(again);
                                row.RecoveryInvitationId = again.Id;
                                if (answer is not null)
                                {
                                    responses.Add(answer.Row);
                                    aggregates.Add(answer.Scored);
                                }
                            }
                        }
                    }
                }
            }
        }

        db.SurveyInvitations.AddRange(invitations);
        db.SurveyResponses.AddRange(responses);
        db.Callbacks.AddRange(callbackRows);
        db.SurveyAggregates.AddRange(aggregates.Buckets.Select(b => new SurveyAggregateRow
        {
            WorkspaceId = workspace, JourneyKey = b.Key.JourneyKey, StageKey = b.Key.StageKey, PointKey = b.Key.PointKey, Month = b.Key.Month, Measure = b.Key.Measure,
            Answers = b.Value.Answers, High = b.Value.High, Low = b.Value.Low, Sum = b.Value.Sum,
        }));
        AddActionPlans(db, workspace, team, now);
        await db.SaveChangesAsync(ct);

        foreach (var open in callbackRows.Where(c => c.ClosedAt == null && c.FirstAttemptAt == null && c.EscalatedToId == null))
        {
            await callbacks.ScheduleDeadlineAsync(db, open, ct);
        }

        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        Log.Seeded(logger, invitations.Count, responses.Count, callbackRows.Count, seconds);
    }

    private sealed record Answered(SurveyResponseRow Row, IReadOnlyList<QuestionAnswer> Answers, ScoredResponse Scored);

    private static (SurveyInvitation, Answered?) Invite(
        Random random, WorkspaceId workspace, LoadedJourney journey, MeasurementPoint point, SurveyDefinition survey, Customer customer, DateTimeOffset invitedAt,
        DateTimeOffset now, bool recovery = false)
    {
        var channels = point.Channels.Where(c => c != SurveyChannel.PublicLink).ToList();
        var channel = channels.Count == 0 ? SurveyChannel.Email : random.NextDouble() < 0.75 ? channels[0] : channels[random.Next(channels.Count)];
        var id = Guid.CreateVersion7(invitedAt);
        var rate = recovery ? 0.8 : channel switch { SurveyChannel.InAppPopup => 0.6, SurveyChannel.Sms => 0.38, SurveyChannel.Voice => 0.25, _ => 0.45 };
        var answeredAt = invitedAt.AddMinutes(5 + (random.NextDouble() * random.NextDouble() * 60 * 30));
        var answers = random.NextDouble() < rate && answeredAt < now;
        var notSent = !answers && random.NextDouble() < 0.04;
        var invitation = new SurveyInvitation
        {
            WorkspaceId = workspace, Id = id, JourneyKey = journey.Definition.Key, StageKey = point.StageKey, PointKey = point.Key, SurveyKey = survey.Key,
            PersonId = customer.Person, AccountId = customer.Account, Channel = channel,
            IdempotencyKey = $"demo:{(recovery ? "recovery" : "invite")}:{point.Key}:{id:N}",
            Status = answers ? InvitationStatus.Answered : notSent ? InvitationStatus.NotSent : invitedAt < now.AddDays(-7) ? InvitationStatus.Expired : InvitationStatus.Sent,
            InvitedAt = invitedAt.UtcDateTime, DueAt = invitedAt.UtcDateTime, ExpiresAt = invitedAt.UtcDateTime.AddDays(7),
            OpenedAt = answers || random.NextDouble() < 0.3 ? invitedAt.UtcDateTime.AddMinutes(3) : null,
            AnsweredAt = answers ? answeredAt.UtcDateTime : null,
        };
        if (!answers)
        {
            return (invitation, null);
        }

        var band = Band(random, point.Key, answeredAt, now, recovery);
        var (list, verbatim, headline) = Answers(random, survey, point.StageKey, band);
        var checkedAnswers = survey.CheckResponse(list).Value;
        var scored = new ScoredResponse(journey.Definition.Key, point.StageKey, point.Key, answeredAt, ScoredResponse.ScoresOf(survey, checkedAnswers));
        var row = new SurveyResponseRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(answeredAt), InvitationId = id, PersonId = customer.Person, AccountId = customer.Account,
            JourneyKey = journey.Definition.Key, StageKey = point.StageKey, PointKey = point.Key, SurveyKey = survey.Key, Channel = channel,
            Segment = customer.Segment, Product = customer.Account is null ? Products[random.Next(Products.Length)] : customer.Plan,
            Answers = JsonSerializer.Serialize(checkedAnswers, AnswersJson), HeadlineMeasure = headline.Measure, HeadlineScore = headline.Score, Verbatim = verbatim,
            TestimonialConsent = band == ScoreBand.High && verbatim is not null && random.NextDouble() < 0.4,
            AnsweredAt = answeredAt.UtcDateTime, UpdatedAt = answeredAt.UtcDateTime,
        };
        return (invitation, new Answered(row, checkedAnswers, scored));
    }

    /// <summary>How an answer falls: mostly satisfied, after-sales and support lower, after-sales improving since its action plan, re-surveys mostly recovered.</summary>
    private static ScoreBand Band(Random random, string pointKey, DateTimeOffset answeredAt, DateTimeOffset now, bool recovery)
    {
        var (high, low) = pointKey switch
        {
            "after_sales_call" => answeredAt > now.AddMonths(-2) ? (0.55, 0.16) : (0.42, 0.28),
            "ticket_resolved" => (0.5, 0.2),
            "product_in_use" or "first_value_reached" => (0.5, 0.15),
            "yearly_relationship" => (0.45, 0.18),
            "parcel_received" => (0.86, 0.05),
            "subscription_renewed" or "onboarding_completed" => (0.86, 0.05),
            _ => (0.65, 0.1),
        };
        if (recovery)
        {
            (high, low) = (0.4, 0.25);
        }

        var roll = random.NextDouble();
        return roll < high ? ScoreBand.High : roll < high + low ? ScoreBand.Low : ScoreBand.Middle;
    }

    private static (List<QuestionAnswer> Answers, string? Verbatim, (Measure? Measure, int? Score) Headline) Answers(Random random, SurveyDefinition survey, string stage, ScoreBand band)
    {
        var verbatim = random.NextDouble() < (band == ScoreBand.Middle ? 0.35 : 0.7) ? Verbatim(random, stage, band) : null;
        var hasText = survey.Questions.Any(q => q is FreeTextQuestion);
        var answers = new List<QuestionAnswer>();
        (Measure?, int?) headline = (null, null);
        foreach (var question in survey.Questions)
        {
            switch (question)
            {
                case ScoreQuestion score:
                    var value = ScoreIn(random, score.Measure, band);
                    var attach = !hasText && headline.Item1 is null ? verbatim : null;
                    answers.Add(new ScoreAnswer(score.Key, value, attach));
                    if (headline.Item1 is null)
                    {
                        headline = (score.Measure, value);
                    }

                    break;
                case CxiQuestion cxi:
                    var (s, e, r) = (ScoreIn(random, Measure.CxiSatisfied, band), ScoreIn(random, Measure.CxiEasy, band), ScoreIn(random, Measure.CxiRecommend, band));
                    answers.Add(new CxiAnswer(cxi.Key, s, e, r));
                    if (headline.Item1 is null)
                    {
                        headline = (Measure.CxiSatisfied, Math.Min(s, Math.Min(e, r)));
                    }

                    break;
                case SingleChoiceQuestion single when single.Key == "solved":
                    answers.Add(new ChoiceAnswer(single.Key, [band switch { ScoreBand.High => "yes", ScoreBand.Middle => "partly", _ => "no" }]));
                    break;
                case SingleChoiceQuestion single:
                    answers.Add(new ChoiceAnswer(single.Key, [single.Options[random.Next(single.Options.Count)].Key]));
                    break;
                case MultipleChoiceQuestion multiple when band == ScoreBand.Low || multiple.Key != "issues":
                    answers.Add(new ChoiceAnswer(multiple.Key, [multiple.Options[random.Next(multiple.Options.Count)].Key]));
                    break;
                case FreeTextQuestion text when verbatim is not null:
                    answers.Add(new TextAnswer(text.Key, verbatim));
                    break;
            }
        }

        return (answers, verbatim, headline);
    }

    /// <summary>A score of the band on the measure's scale; low scores lean to the top of their band, as real detractors do.</summary>
    private static int ScoreIn(Random random, Measure measure, ScoreBand band)
    {
        var (min, max) = measure.Range();
        var candidates = Enumerable.Range(min, max - min + 1).Where(s => measure.Band(s) == band).ToList();
        var index = band == ScoreBand.High ? random.Next(candidates.Count) : Math.Max(random.Next(candidates.Count), random.Next(candidates.Count));
        return candidates[index];
    }

    private static string Verbatim(Random random, string stage, ScoreBand band)
    {
        var key = stage switch
        {
            "order" or "delivery" or "after_sales" or "signature" or "onboarding" or "first_value" or "support" or "renewal" => stage,
            _ => "renewal",
        };
        var list = band switch { ScoreBand.High => Praise[key], ScoreBand.Low => Complaints[key], _ => Neutral };
        return list[random.Next(list.Length)];
    }

    private static CallbackRow CallbackOf(Random random, WorkspaceId workspace, LoadedJourney journey, Customer customer, Callback callback, DateTimeOffset now, List<Guid> team)
    {
        var age = now - callback.OpenedAt;
        var row = new CallbackRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(callback.OpenedAt), ResponseId = callback.ResponseId.Value, PersonId = customer.Person, AccountId = customer.Account,
            JourneyKey = journey.Definition.Key, PointKey = callback.PointKey, AssigneeId = callback.Owner.Value, OpenedAt = callback.OpenedAt.UtcDateTime,
            DueAt = callback.DueAt.UtcDateTime, Reasons = CallbackRows.ReasonsText(callback.Reasons),
        };
        var recent = age < TimeSpan.FromDays(4);
        if (recent && random.NextDouble() < 0.55)
        {
            return row;
        }

        var firstAt = callback.OpenedAt.AddHours(random.NextDouble() < 0.8 ? 1 + (random.NextDouble() * 40) : 50 + (random.NextDouble() * 40));
        if (firstAt >= now)
        {
            return row;
        }

        var by = new UserId(callback.Owner.Value);
        var reached = random.NextDouble() < 0.7;
        var notes = reached ? CallNotes[random.Next(CallNotes.Length)] : MissedCallNotes[random.Next(MissedCallNotes.Length)];
        var result = callback.Record(new CallbackAttempt(firstAt, by, reached, notes, reached ? Actions[random.Next(Actions.Length)] : null)).Value;
        if (!reached && firstAt.AddHours(20) < now)
        {
            result = result.Record(new CallbackAttempt(firstAt.AddHours(20), by, true, CallNotes[0], Actions[random.Next(Actions.Length)])).Value;
        }

        if (firstAt > callback.DueAt && team.Count > 1)
        {
            row.EscalatedToId = team.First(t => t != callback.Owner.Value);
            row.EscalatedAt = callback.DueAt.AddMinutes(1).UtcDateTime;
        }

        row.Attempts = CallbackRows.AttemptsJson(result.Attempts);
        row.FirstAttemptAt = firstAt.UtcDateTime;
        var closeAt = result.Attempts[^1].At.AddHours(2);
        if (!recent && closeAt < now && random.NextDouble() < 0.9)
        {
            row.ClosedAt = closeAt.UtcDateTime;
            row.Outcome = Outcomes[random.Next(Outcomes.Length)];
        }

        return row;
    }

    private static void AddActionPlans(ParcoursDbContext db, WorkspaceId workspace, List<Guid> team, DateTimeOffset now)
    {
        db.ActionPlans.Add(new ActionPlanRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(now), JourneyKey = "ecommerce", PointKey = "after_sales_call",
            Title = "Rappeler sous 2 h tout client mécontent du SAV", Detail = "Script de rappel, alerte SMS au manager de permanence, suivi hebdomadaire des délais.",
            OwnerId = team[0], DueOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(20)), CreatedAt = now.AddMonths(-2).UtcDateTime,
        });
        db.ActionPlans.Add(new ActionPlanRow
        {
            WorkspaceId = workspace, Id = Guid.CreateVersion7(now.AddSeconds(1)), JourneyKey = "b2b_saas", PointKey = "ticket_resolved",
            Title = "Première réponse du support en moins de 4 h", Detail = "Astreinte le matin, réponses types revues avec les verbatims.",
            OwnerId = team[^1], DueOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(45)), CreatedAt = now.AddMonths(-1).UtcDateTime,
        });
    }

    /// <summary>Customers (not employees), with the account they are a stakeholder of when they are one.</summary>
    private static async Task<List<Customer>> CustomersAsync(ParcoursDbContext db, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Where(p => p.Kind != PersonKind.Employee).OrderBy(p => p.ExternalId).ThenBy(p => p.Id)
            .Select(p => p.Id).Take(240).ToListAsync(ct);
        var links = await db.Stakeholders.AsNoTracking().Where(s => people.Contains(s.PersonId)).Select(s => new { s.PersonId, s.AccountId }).ToListAsync(ct);
        var accountIds = links.Select(l => l.AccountId).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new { a.Segment, a.Plan, a.OwnerId }, ct);
        var byPerson = links.GroupBy(l => l.PersonId).ToDictionary(g => g.Key, g => g.First().AccountId);
        return [.. people.Select(p =>
        {
            var account = byPerson.TryGetValue(p, out var a) ? a : (AccountId?)null;
            var info = account is { } id ? accounts.GetValueOrDefault(id) : null;
            return new Customer(p, info is null ? null : account, info?.Segment, info?.Plan, info?.OwnerId?.Value);
        })];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "Demo journeys: {Invitations} invitations, {Responses} answers, {Callbacks} callbacks in {Seconds:0.0} s")]
        public static partial void Seeded(ILogger logger, int invitations, int responses, int callbacks, double seconds);
    }
}
