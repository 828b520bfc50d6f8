namespace Parcours.Domain.Playbooks;

public static partial class BuiltInPlaybooks
{
    /// <summary>
    /// A new SaaS customer, from the order: thank and reassure at once (post-purchase doubt is at its highest), first
    /// steps the next morning, the CSM's "how is it going?" call at D+2, a welcome series of seven messages in the
    /// first month then monthly, a relaunch when nobody has logged in by D+5, and the milestones technical setup
    /// (D+7), data migration (D+14), training (D+21) and onboarded (D+30, after the onboarding review).
    /// </summary>
    public static PlaybookDefinition SaasCustomer { get; } = Publish(new PlaybookDefinition(
        "saas_customer",
        T("Onboarding client SaaS", "SaaS customer onboarding"),
        SubjectKind.Account,
        PlaybookTrigger.OnEvent("order_completed"),
        [
            new SendMessageStep(
                "order_confirmation",
                StepTiming.Day(0),
                MessageChannel.Email,
                T("Merci pour votre commande, {{ person.first_name }} !", "Thank you for your order, {{ person.first_name }}!"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Merci pour votre confiance : vous avez fait le bon choix. La commande de {{ account.name }} est confirmée et votre espace est prêt.

                    Nous allons vous accompagner pas à pas pour que vous en tiriez de la valeur dès la première semaine. {{ csm.name }}, votre Customer Success Manager, vous appellera dans deux jours pour faire le point avec vous.

                    Une question d'ici là ? Écrivez à {{ support.email }} ou appelez le {{ support.phone }}.

                    À très vite,
                    {{ csm.first_name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    Thank you for your trust: you made the right choice. The order for {{ account.name }} is confirmed and your workspace is ready.

                    We will walk you through it step by step so that you get value from it in your very first week. {{ csm.name }}, your Customer Success Manager, will call you in two days to see how it is going.

                    Any question until then? Write to {{ support.email }} or call {{ support.phone }}.

                    Speak soon,
                    {{ csm.first_name }}
                    """)),
            new SendMessageStep(
                "in_app_guide",
                StepTiming.Day(0),
                MessageChannel.InApp,
                null,
                T(
                    "Bienvenue {{ person.first_name }} ! Suivez le guide : trois étapes, cinq minutes chrono, pour configurer l'essentiel et obtenir votre premier résultat.",
                    "Welcome {{ person.first_name }}! Follow the guide: three steps, five minutes flat, to set up the essentials and get your first result.")),
            new SendMessageStep(
                "first_steps",
                StepTiming.Day(1, "09:00"),
                MessageChannel.Email,
                T("Vos premiers pas en 5 minutes", "Your first steps in 5 minutes"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Pour bien démarrer, allez à l'essentiel :
                    1. connectez-vous sur {{ app.url }} ;
                    2. importez vos données, le guide intégré vous montre comment ;
                    3. lancez votre première action : c'est pour elle que vous nous avez choisis.

                    Le guide de démarrage rapide et ses vidéos sont ici : {{ help.url }}.

                    {{ csm.first_name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    To get off to a good start, stick to the essentials:
                    1. log in at {{ app.url }};
                    2. import your data; the built-in guide shows you how;
                    3. run your first action: it is why you chose us.

                    The quick-start guide and its videos are here: {{ help.url }}.

                    {{ csm.first_name }}
                    """)),
            new CreateTaskStep(
                "csm_call",
                StepTiming.Day(2, "09:30", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Appeler {{ account.name }} : « Vous avez commandé il y a deux jours, comment cela se passe ? »", "Call {{ account.name }}: \"You ordered two days ago, how is it going?\""),
                T(
                    "Faire un bilan, donner des astuces, dépanner si besoin. Vérifier que la fonction clé pour laquelle le client a acheté est en place, et noter ce qui freine.",
                    "Take stock, share tips, fix what is stuck. Check that the key feature the customer bought the product for is working, and note what holds them back.")),
            new BranchStep(
                "login_check",
                StepTiming.Day(5, "10:00", businessDaysOnly: true),
                BranchCondition.EventSeen("logged_in"),
                [],
                ["relaunch_email", "relaunch_call"]),
            new SendMessageStep(
                "relaunch_email",
                StepTiming.AfterStep("login_check"),
                MessageChannel.Email,
                T("Un coup de main pour démarrer ?", "A hand to get started?"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Vous ne vous êtes pas encore connecté à votre espace, et c'est souvent qu'un détail bloque. Répondez à ce message ou choisissez un créneau : je vous montre l'essentiel en 15 minutes.

                    {{ csm.name }}
                    """,
                    """
                    Hello {{ person.first_name }},

                    You have not logged in to your workspace yet, and it is often a small thing that gets in the way. Reply to this message or pick a slot: I will show you the essentials in 15 minutes.

                    {{ csm.name }}
                    """)),
            new CreateTaskStep(
                "relaunch_call",
                StepTiming.AfterStep("login_check", 1, "09:30", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Relancer {{ account.name }} : aucune connexion depuis la commande", "Follow up with {{ account.name }}: no login since the order"),
                T("Appeler pour comprendre ce qui bloque et proposer une prise en main guidée.", "Call to find out what is in the way and offer a guided start.")),
            new SeriesStep(
                "welcome_series",
                StepTiming.Day(3, "10:00", businessDaysOnly: true),
                new SeriesPattern([0, 2, 4, 7, 11, 17, 24], EveryDays: 30, HorizonDay: 174),
                MessageChannel.Email,
                T("Astuce n°{{ series.number }} pour tirer le meilleur de votre abonnement", "Tip #{{ series.number }} to get the most from your subscription"),
                T(
                    """
                    Bonjour {{ person.first_name }},

                    Voici votre astuce n°{{ series.number }} : un usage que nos clients adorent, une nouveauté ou un raccourci qui fait gagner du temps. Tout est expliqué en deux minutes ici : {{ help.url }}.

                    Une question ? Répondez simplement à ce message : c'est {{ csm.first_name }} qui vous lit.
                    """,
                    """
                    Hello {{ person.first_name }},

                    Here is tip #{{ series.number }}: a use our customers love, something new, or a shortcut that saves time. It takes two minutes to read here: {{ help.url }}.

                    A question? Just reply to this message: {{ csm.first_name }} reads it.
                    """)),
            new MilestoneStep("technical_setup", StepTiming.Day(7), T("Paramétrage technique terminé", "Technical setup done"), MilestoneCompletion.OnEvent("integration_configured")),
            new CreateTaskStep(
                "training_session",
                StepTiming.Day(10, "14:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Animer la session de formation des utilisateurs de {{ account.name }}", "Run the user training session for {{ account.name }}"),
                T("Partir des tâches réelles du client, pas du menu du logiciel. Commencer simple, monter en complexité.", "Start from the customer's real tasks, not the software's menus. Begin simple, then build up.")),
            new MilestoneStep("migration", StepTiming.Day(14), T("Migration des données terminée", "Data migration done"), MilestoneCompletion.OnEvent("data_imported")),
            new MilestoneStep("training", StepTiming.Day(21), T("Utilisateurs formés", "Users trained"), MilestoneCompletion.OnTaskDone("training_session")),
            new CreateTaskStep(
                "onboarding_review",
                StepTiming.Day(28, "10:00", businessDaysOnly: true),
                AssigneeRole.Csm,
                T("Bilan d'onboarding avec {{ account.name }}", "Onboarding review with {{ account.name }}"),
                T("Objectifs de départ atteints ? Fonction clé adoptée ? Fixer les prochaines étapes et le rythme des échanges.", "Were the initial goals met? Is the key feature adopted? Agree the next steps and how often to talk.")),
            new MilestoneStep("onboarded", StepTiming.Day(30), T("Client embarqué", "Customer onboarded"), MilestoneCompletion.OnTaskDone("onboarding_review")),
        ],
        [ExitCondition.AccountChurned, ExitCondition.OnEvent("order_cancelled")],
        "onboarded"));
}
