namespace Parcours.Domain.Playbooks;

public static partial class BuiltInPlaybooks
{
    /// <summary>
    /// A B2B customer after signature, in the four stages of the seed: map the stakeholders within 72 hours (economic
    /// decision-makers, end users, technical influencers, each with motivations and personal KPIs); audit the existing
    /// situation, document a baseline and pick quick wins; set the operating frame (reporting cadence, format, channels,
    /// who validates what within which delay) and chase it when the customer does not answer in three days; then
    /// activate the priority use case and check adoption. Onboarded when the priority use case is activated.
    /// </summary>
    public static PlaybookDefinition B2bCustomer { get; } = Publish(new PlaybookDefinition(
        "b2b_customer",
        T("Onboarding client B2B", "B2B customer onboarding"),
        SubjectKind.Account,
        PlaybookTrigger.OnEvent("contract_signed"),
        [
            new SendMessageStep(
                "kickoff_email",
                StepTiming.Day(0),
                MessageChannel.Email,
                T("Bienvenue : les prochaines étapes de notre collaboration", "Welcome: the next steps of our work together"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Merci pour votre signature. Pour que ce contrat devienne une réussite, voici comment nous allons démarrer :
                    - dans les 72 heures, nous rencontrons les personnes qui vivront le projet au quotidien, pour définir avec vous des critères de succès mesurables et datés ;
                    - nous photographions ensuite votre situation actuelle (processus, outils, performances de référence) et repérons les premiers gains rapides ;
                    - nous fixons ensemble le cadre : rythme des points d'étape, format, canaux, qui valide quoi et sous quel délai ;
                    - puis nous activons en priorité le cas d'usage à plus fort impact.

                    {{ csm.name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    Thank you for signing. To make this contract a success, here is how we will start:
                    - within 72 hours, we meet the people who will live with the project every day, to agree measurable, dated success criteria with you;
                    - we then take a snapshot of where you stand (processes, tools, baseline performance) and spot the first quick wins;
                    - together we set the frame: check-in cadence, format, channels, who validates what and within which delay;
                    - then we activate the use case with the highest impact first.

                    {{ csm.name }}
                    """)),
            new CreateTaskStep(
                "stakeholder_mapping",
                StepTiming.Day(0),
                AssigneeRole.Csm,
                T("Cartographier les parties prenantes de {{ account.name }}", "Map the stakeholders of {{ account.name }}"),
                T(
                    "Identifier les décideurs économiques, les utilisateurs finaux et les influenceurs techniques ; pour chacun, ses motivations et ses KPIs personnels. Co-construire des critères de succès mesurables, datés et personnalisés. Attention au sponsor unique qui prétend parler pour toute l'organisation.",
                    "Identify the economic decision-makers, the end users and the technical influencers; for each, their motivations and personal KPIs. Build measurable, dated, tailored success criteria together. Beware of a single sponsor who claims to speak for the whole organisation.")),
            new MilestoneStep("stakeholder_map", StepTiming.Day(3), T("Parties prenantes cartographiées (72 h)", "Stakeholders mapped (72 h)"), MilestoneCompletion.OnTaskDone("stakeholder_mapping")),
            new CreateTaskStep(
                "baseline_audit",
                StepTiming.Day(3, "09:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Auditer l'existant et documenter la baseline", "Audit the current situation and document the baseline"),
                T(
                    "Documenter les processus, les outils et les performances de référence : taux d'erreur, charge des équipes, gains attendus. Demander captures d'écran, exports et tableaux de bord plutôt que du déclaratif, et consigner les constats dans un document partagé avec le client.",
                    "Document processes, tools and baseline performance: error rate, team workload, expected gains. Ask for screenshots, exports and dashboards rather than estimates, and record the findings in a document shared with the customer.")),
            new CreateTaskStep(
                "quick_wins",
                StepTiming.Day(5, "09:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Choisir les quick wins à livrer dans les premières semaines", "Pick the quick wins to deliver in the first weeks"),
                T(
                    "Une tâche répétitive à automatiser, un irritant à corriger, un reporting qui simplifie la vie des opérationnels : des victoires visibles qui créent l'adhésion.",
                    "A repetitive task to automate, an irritant to fix, a report that makes the operational teams' life easier: visible wins that build support.")),
            new CreateTaskStep(
                "operating_frame",
                StepTiming.Day(5, "14:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Proposer le cadre opérationnel à {{ account.name }}", "Propose the operating frame to {{ account.name }}"),
                T(
                    "Rythme des points d'étape (un point hebdomadaire de 30 minutes au début), format préféré (tableau de bord, mail de synthèse, appel), canaux (urgences, validations), circuit de validation : qui valide quoi, dans quel ordre, sous quel délai, et ce qui se passe sans réponse. Négocier un interlocuteur unique pour les validations.",
                    "Check-in cadence (a weekly 30-minute call at first), preferred format (dashboard, summary email, call), channels (emergencies, approvals), approval path: who validates what, in which order, within which delay, and what happens when nobody answers. Negotiate a single contact for approvals.")),
            new SendMessageStep(
                "frame_proposal",
                StepTiming.AfterStep("operating_frame"),
                MessageChannel.Email,
                T("Notre cadre de collaboration, à valider", "Our way of working together, for your approval"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Voici la proposition de cadre dont nous avons parlé : le rythme et le format de nos points d'étape, les canaux pour les urgences et les validations, et qui valide quoi sous quel délai. Merci de nous la valider sous trois jours ; sans réponse, nous vous relancerons puis nous appellerons votre sponsor pour ne pas bloquer le planning.

                    {{ csm.name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    Here is the frame we discussed: the cadence and format of our check-ins, the channels for emergencies and approvals, and who validates what within which delay. Please approve it within three days; without an answer we will remind you, then call your sponsor so the schedule does not slip.

                    {{ csm.name }}
                    """)),
            new WaitUntilStep("frame_validation", StepTiming.AfterStep("operating_frame"), "operating_frame_validated", 3, ["frame_reminder", "frame_escalation"]),
            new SendMessageStep(
                "frame_reminder",
                StepTiming.AfterStep("frame_validation"),
                MessageChannel.Email,
                T("Relance : validation du cadre de collaboration", "Reminder: approving our way of working"),
                T(
                    "Bonjour {{ person.first_name }}, nous n'avons pas encore votre validation du cadre proposé. Un simple « ok » par retour de mail suffit, ou dites-nous ce qu'il faut changer.",
                    "Hello {{ person.first_name }}, we do not have your approval of the proposed frame yet. A simple \"ok\" in reply is enough, or tell us what to change.")),
            new CreateTaskStep(
                "frame_escalation",
                StepTiming.AfterStep("frame_validation", 1, "09:00", businessDaysOnly: true),
                AssigneeRole.AccountOwner,
                T("Cadre non validé chez {{ account.name }} : appeler le sponsor", "Frame not approved at {{ account.name }}: call the sponsor"),
                T("Trois jours sans réponse : appliquer la règle de non-réponse convenue et obtenir un interlocuteur unique.", "Three days without an answer: apply the agreed no-answer rule and get a single contact for approvals.")),
            new MilestoneStep("operating_frame_agreed", StepTiming.Day(10), T("Cadre opérationnel validé", "Operating frame approved"), MilestoneCompletion.OnEvent("operating_frame_validated")),
            new SeriesStep(
                "weekly_checkpoint",
                StepTiming.Day(7, "09:00", businessDaysOnly: true),
                SeriesPattern.Every(7, 8),
                MessageChannel.Email,
                T("Point d'étape n°{{ series.number }} : ordre du jour", "Check-in #{{ series.number }}: agenda"),
                T(
                    "Bonjour {{ person.first_name }}, pour notre point de 30 minutes : avancement du cas d'usage prioritaire, quick wins livrés, points bloquants, validations attendues. Ajoutez vos sujets en répondant à ce message.",
                    "Hello {{ person.first_name }}, for our 30-minute check-in: progress on the priority use case, quick wins delivered, blockers, approvals pending. Add your topics by replying to this message.")),
            new MilestoneStep("baseline", StepTiming.Day(14), T("Baseline documentée", "Baseline documented"), MilestoneCompletion.OnTaskDone("baseline_audit")),
            new MilestoneStep("first_quick_win", StepTiming.Day(21), T("Premier quick win livré", "First quick win delivered"), MilestoneCompletion.ManualTick),
            new BranchStep(
                "adoption_check",
                StepTiming.Day(21, "10:00", businessDaysOnly: true),
                BranchCondition.EventSeen("logged_in"),
                [],
                ["adoption_alert"]),
            new CreateTaskStep(
                "adoption_alert",
                StepTiming.AfterStep("adoption_check"),
                AssigneeRole.Csm,
                T("Aucun utilisateur final connecté chez {{ account.name }} après trois semaines", "No end user of {{ account.name }} has logged in after three weeks"),
                T("Comprendre la résistance avant qu'elle s'installe : retour aux anciennes méthodes, outil mal adapté, manque de formation ? Organiser une session avec les utilisateurs finaux.", "Understand the resistance before it settles in: back to old habits, poor fit, missing training? Set up a session with the end users.")),
            new CreateTaskStep(
                "adoption_review",
                StepTiming.Day(30, "10:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Revue des indicateurs d'adoption de {{ account.name }}", "Review the adoption indicators of {{ account.name }}"),
                T(
                    "Les utilisateurs finaux se connectent-ils régulièrement ? Les recommandations sont-elles mises en œuvre ? Les équipes utilisent-elles les nouveaux process ou reviennent-elles aux anciennes méthodes ? Les livrables sont-ils exploités ? Corriger les premiers dysfonctionnements tant qu'ils sont petits.",
                    "Do the end users log in regularly? Are the recommendations being applied? Do the teams use the new processes or slip back to the old ways? Are the deliverables used? Fix the first problems while they are small.")),
            new MilestoneStep("activation", StepTiming.Day(45), T("Cas d'usage prioritaire activé", "Priority use case activated"), MilestoneCompletion.OnEvent("use_case_activated")),
        ],
        [ExitCondition.AccountChurned, ExitCondition.OnEvent("contract_terminated")],
        "activation"));
}
