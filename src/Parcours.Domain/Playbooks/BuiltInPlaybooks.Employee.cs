namespace Parcours.Domain.Playbooks;

public static partial class BuiltInPlaybooks
{
    /// <summary>
    /// A new employee, enrolled on the morning of the first day (the seed's aim: that nobody thinks "I just arrived and
    /// this place is a mess"): workstation ready on the desk and access open, welcome breakfast, a mentor, the company
    /// tour, the welcome session on the company's values and goals, trainings planned, weekly check-ins for the first
    /// month, and the rapport d'étonnement asked at D+30. Integrated once the manager has reviewed progress with it.
    /// </summary>
    public static PlaybookDefinition NewEmployee { get; } = Publish(new PlaybookDefinition(
        "new_employee",
        T("Intégration d'un nouveau collaborateur", "New employee onboarding"),
        SubjectKind.Employee,
        PlaybookTrigger.OnEvent("employee_hired"),
        [
            new CreateTaskStep(
                "prepare_workstation",
                StepTiming.Day(0),
                AssigneeRole.Manager,
                T("Préparer le poste de {{ person.first_name }}", "Get {{ person.first_name }}'s workstation ready"),
                T(
                    "PC portable prêt à l'emploi sur le bureau, téléphone, badge. Et le petit plus qui fait la différence : un sweat aux couleurs de l'entreprise et un post-it avec un mot du fondateur.",
                    "Laptop ready to use on the desk, phone, badge. And the small extra that makes the difference: a company sweatshirt and a sticky note from the founder.")),
            new MilestoneStep("equipment_ready", StepTiming.Day(0, "09:00"), T("Équipement prêt", "Equipment ready"), MilestoneCompletion.OnTaskDone("prepare_workstation")),
            new CreateTaskStep(
                "open_access",
                StepTiming.Day(0),
                AssigneeRole.Manager,
                T("Ouvrir les accès de {{ person.first_name }}", "Open {{ person.first_name }}'s access"),
                T("Messagerie, intranet, wiki, Slack ou Teams, outils métier.", "Email, intranet, wiki, Slack or Teams, business tools.")),
            new MilestoneStep("access_ready", StepTiming.Day(1, "09:00"), T("Accès opérationnels", "Access working"), MilestoneCompletion.OnEvent("employee_first_login")),
            new SendMessageStep(
                "welcome_email",
                StepTiming.Day(0),
                MessageChannel.Email,
                T("Bienvenue chez {{ company.name }}, {{ person.first_name }} !", "Welcome to {{ company.name }}, {{ person.first_name }}!"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Nous sommes ravis de vous accueillir. Votre poste vous attend, prêt à l'emploi. Au programme de cette première journée : un petit déjeuner d'accueil avec l'équipe, la rencontre avec votre mentor, {{ mentor.name }}, puis un tour complet de l'entreprise.

                    {{ manager.name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    We are delighted to welcome you. Your workstation is ready for you. On today's programme: a welcome breakfast with the team, meeting your mentor, {{ mentor.name }}, then a full tour of the company.

                    {{ manager.name }}
                    """)),
            new CreateTaskStep(
                "welcome_breakfast",
                StepTiming.Day(0, "09:00"),
                AssigneeRole.Manager,
                T("Petit déjeuner d'accueil pour {{ person.first_name }}", "Welcome breakfast for {{ person.first_name }}"),
                T("Réunir l'équipe autour d'un petit déjeuner et présenter chacun.", "Gather the team over breakfast and introduce everyone.")),
            new CreateTaskStep(
                "assign_mentor",
                StepTiming.Day(0),
                AssigneeRole.Hr,
                T("Attribuer un mentor à {{ person.first_name }}", "Assign a mentor to {{ person.first_name }}"),
                T("Le mentor guide la découverte de l'entreprise et de l'environnement de travail.", "The mentor guides the discovery of the company and of the work environment.")),
            new MilestoneStep("mentor_assigned", StepTiming.Day(1), T("Mentor attribué", "Mentor assigned"), MilestoneCompletion.OnTaskDone("assign_mentor")),
            new CreateTaskStep(
                "company_tour",
                StepTiming.Day(0, "14:00"),
                AssigneeRole.Mentor,
                T("Faire le tour de l'entreprise avec {{ person.first_name }}", "Show {{ person.first_name }} around the company"),
                T("Présenter {{ person.first_name }} à l'équipe et aux managers de chaque service.", "Introduce {{ person.first_name }} to the team and to the managers of each department.")),
            new SendMessageStep(
                "self_service",
                StepTiming.Day(1, "09:00"),
                MessageChannel.Email,
                T("Vos ressources en libre-service", "Your self-service resources"),
                T(
                    "Bonjour {{ person.first_name }}, tout ce qu'il faut pour trouver vos réponses seul : l'intranet, le wiki et les canaux Slack ou Teams de l'équipe. Le point de départ : {{ help.url }}.",
                    "Hello {{ person.first_name }}, everything you need to find answers on your own: the intranet, the wiki and the team's Slack or Teams channels. Start here: {{ help.url }}.")),
            new CreateTaskStep(
                "welcome_session",
                StepTiming.Day(2, "10:00", businessDaysOnly: true),
                AssigneeRole.Hr,
                T("Session de bienvenue : l'entreprise, ses valeurs, ses objectifs", "Welcome session: the company, its values, its goals")),
            new CreateTaskStep(
                "training_plan",
                StepTiming.Day(3, "10:00", businessDaysOnly: true),
                AssigneeRole.Manager,
                T("Planifier les formations de {{ person.first_name }}", "Schedule {{ person.first_name }}'s trainings")),
            new CreateTaskStep(
                "team_meetings",
                StepTiming.Day(5, "10:00", businessDaysOnly: true),
                AssigneeRole.Manager,
                T("Inviter {{ person.first_name }} aux réunions d'équipe des autres services", "Invite {{ person.first_name }} to other departments' team meetings")),
            new SeriesStep(
                "integration_checkins",
                StepTiming.Day(7, "10:00", businessDaysOnly: true),
                SeriesPattern.Every(7, 4),
                MessageChannel.Email,
                T("Notre point d'intégration n°{{ series.number }}", "Our onboarding check-in #{{ series.number }}"),
                T(
                    "Bonjour {{ person.first_name }}, c'est le moment de faire le point avec {{ mentor.first_name }} : ce qui va bien, ce qui vous surprend, vos questions. Rien n'est trop petit pour être dit.",
                    "Hello {{ person.first_name }}, time for a check-in with {{ mentor.first_name }}: what goes well, what surprises you, your questions. Nothing is too small to mention.")),
            new CreateTaskStep(
                "mentor_check_in",
                StepTiming.Day(7, "10:00", businessDaysOnly: true),
                AssigneeRole.Mentor,
                T("Premier point d'intégration avec {{ person.first_name }}", "First check-in with {{ person.first_name }}")),
            new MilestoneStep("trainings_done", StepTiming.Day(21), T("Formations suivies", "Trainings completed"), MilestoneCompletion.ManualTick),
            new SendMessageStep(
                "astonishment_report",
                StepTiming.Day(30, "09:00"),
                MessageChannel.Email,
                T("Votre rapport d'étonnement", "Your first-month astonishment report"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Voilà un mois que vous nous avez rejoints. Votre regard neuf nous est précieux : ce qui vous a surpris, en bien comme en moins bien, ce qui vous a manqué, ce que vous changeriez. Merci de remplir votre rapport d'étonnement dans la semaine : {{ app.url }}

                    {{ manager.name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    You joined us a month ago. Your fresh eyes are valuable to us: what surprised you, for better or worse, what you missed, what you would change. Please fill in your astonishment report within the week: {{ app.url }}

                    {{ manager.name }}
                    """)),
            new CreateTaskStep(
                "progress_review",
                StepTiming.Day(35, "10:00", businessDaysOnly: true),
                AssigneeRole.Manager,
                T("Évaluer les progrès de {{ person.first_name }} et ajuster son parcours d'intégration", "Review {{ person.first_name }}'s progress and adjust the onboarding path"),
                T("S'appuyer sur le rapport d'étonnement et les points d'intégration.", "Use the astonishment report and the check-ins.")),
            new MilestoneStep("astonishment_report_received", StepTiming.Day(37), T("Rapport d'étonnement reçu", "Astonishment report received"), MilestoneCompletion.OnEvent("astonishment_report_submitted")),
            new MilestoneStep("integrated", StepTiming.Day(40), T("Collaborateur intégré", "Employee onboarded"), MilestoneCompletion.OnTaskDone("progress_review")),
        ],
        [ExitCondition.PersonLeft],
        "integrated"));
}
