using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

public static partial class BuiltInJourneys
{
    /// <summary>
    /// A B2B SaaS customer, from signature to renewal: ease of signing an hour after, onboarding judged three days
    /// after it ends, the first value a week after it is reached (warm, in the product), each support ticket half an
    /// hour after it is resolved (CXi, a lower objective), the renewal two days after, and the yearly relationship NPS
    /// sent to a quarter of the accounts' contacts each quarter (seed 001).
    /// </summary>
    public static JourneyTemplate B2bSaas { get; } = Checked(
        new JourneyDefinition(
            "b2b_saas",
            T("Parcours client SaaS B2B", "B2B SaaS customer journey"),
            T(
                "Suivre la satisfaction de chaque compte de la signature au renouvellement, et agir avant qu'il ne parte.",
                "Follow each account's satisfaction from signature to renewal, and act before it leaves."),
            [
                new Persona(
                    "economic_buyer",
                    T("Décideur économique", "Economic buyer"),
                    T("Signe et renouvelle ; attend un retour sur investissement visible.", "Signs and renews; expects a visible return on investment.")),
                new Persona(
                    "end_user",
                    T("Utilisateur final", "End user"),
                    T("Utilise le produit chaque jour ; veut que ce soit simple et rapide.", "Uses the product daily; wants it simple and fast.")),
            ],
            [
                new JourneyStage("signature", T("Signature", "Signature"), new StageMap(
                    [T("Proposition commerciale", "Sales proposal"), T("Signature électronique", "E-signature")],
                    [T("Négociation", "Negotiation"), T("Contractualisation", "Contracting")],
                    [T("Ventes", "Sales"), T("Juridique", "Legal")],
                    CustomerFeeling.Pleased)),
                new JourneyStage("onboarding", T("Onboarding", "Onboarding"), new StageMap(
                    [T("Appel de lancement", "Kick-off call"), T("Emails de bienvenue", "Welcome emails"), T("Formation", "Training")],
                    [T("Paramétrage technique", "Technical setup"), T("Migration des données", "Data migration")],
                    [T("Customer Success", "Customer Success"), T("Services professionnels", "Professional services")],
                    CustomerFeeling.Worried,
                    T("Beaucoup à faire, peur que ce soit long.", "Much to do, afraid it will take long."))),
                new JourneyStage("first_value", T("Première valeur", "First value"), new StageMap(
                    [T("Produit", "Product"), T("Tableau de bord", "Dashboard")],
                    [T("Activation des cas d'usage", "Use-case activation")],
                    [T("Customer Success", "Customer Success"), T("Produit", "Product")],
                    CustomerFeeling.Delighted,
                    T("L'effet waouh : le premier résultat concret.", "The wow effect: the first concrete result."))),
                new JourneyStage("support", T("Support", "Support"), new StageMap(
                    [T("Chat", "Chat"), T("Email du support", "Support email"), T("Base de connaissances", "Knowledge base")],
                    [T("Traitement des tickets", "Ticket handling"), T("Escalade", "Escalation")],
                    [T("Support", "Support"), T("Ingénierie", "Engineering")],
                    CustomerFeeling.Worried)),
                new JourneyStage("renewal", T("Renouvellement", "Renewal"), new StageMap(
                    [T("Revue d'affaires", "Business review"), T("Proposition de renouvellement", "Renewal proposal")],
                    [T("Bilan annuel", "Yearly review"), T("Renouvellement du contrat", "Contract renewal")],
                    [T("Customer Success", "Customer Success"), T("Ventes", "Sales"), T("Finance", "Finance")],
                    CustomerFeeling.Neutral)),
            ],
            [
                new MeasurementPoint(
                    "contract_signed",
                    T("Je signe mon contrat", "I sign my contract"),
                    PointKind.Transactional,
                    "signature",
                    "contract_signed",
                    "saas_signature_ease",
                    [SurveyChannel.Email],
                    new HotDelay(60),
                    Objective: 50,
                    AlertThreshold: 4),
                new MeasurementPoint(
                    "onboarding_completed",
                    T("Je termine mon démarrage", "I finish getting started"),
                    PointKind.MomentOfTruth,
                    "onboarding",
                    "onboarding_completed",
                    "saas_onboarding",
                    [SurveyChannel.Email, SurveyChannel.InAppPopup],
                    new WarmDelay(3),
                    Objective: 80,
                    AlertThreshold: 6),
                new MeasurementPoint(
                    "first_value_reached",
                    T("J'obtiens mon premier résultat", "I get my first result"),
                    PointKind.MomentOfTruth,
                    "first_value",
                    "first_value_reached",
                    "saas_first_value",
                    [SurveyChannel.InAppPopup, SurveyChannel.Email],
                    new WarmDelay(7),
                    Objective: 40,
                    AlertThreshold: 7),
                new MeasurementPoint(
                    "ticket_resolved",
                    T("Ma demande au support est résolue", "My support request is resolved"),
                    PointKind.Transactional,
                    "support",
                    "ticket_resolved",
                    "saas_support",
                    [SurveyChannel.Email, SurveyChannel.InAppPopup],
                    new HotDelay(30),
                    Objective: 30,
                    AlertThreshold: 3),
                new MeasurementPoint(
                    "subscription_renewed",
                    T("Je renouvelle mon abonnement", "I renew my subscription"),
                    PointKind.Transactional,
                    "renewal",
                    "subscription_renewed",
                    "saas_renewal",
                    [SurveyChannel.Email],
                    new WarmDelay(2),
                    Objective: 85,
                    AlertThreshold: 3),
                new MeasurementPoint(
                    "yearly_relationship",
                    T("Je fais le point sur notre relation", "I take stock of our relationship"),
                    PointKind.MomentOfTruth,
                    "renewal",
                    null,
                    "saas_relationship",
                    [SurveyChannel.Email],
                    new ColdSchedule(WavesPerYear: 4, FirstMonth: 1),
                    Objective: 30,
                    AlertThreshold: 7),
            ]),
        new SurveyDefinition(
            "saas_signature_ease",
            T("Facilité de signature", "Ease of signing"),
            [new CesQuestion("signature_ease", T("Il a été simple de finaliser notre contrat.", "It was easy to finalise our contract."))]),
        new SurveyDefinition(
            "saas_onboarding",
            T("Fin du démarrage", "End of onboarding"),
            [
                new CsatQuestion("onboarding", T("Êtes-vous satisfait de votre démarrage ?", "Are you satisfied with your onboarding?"), CsatScale.OneToTen),
                new MultipleChoiceQuestion(
                    "helped",
                    T("Qu'est-ce qui vous a le plus aidé ?", "What helped you most?"),
                    [
                        new ChoiceOption("kickoff", T("L'appel de lancement", "The kick-off call")),
                        new ChoiceOption("training", T("La formation", "The training")),
                        new ChoiceOption("documentation", T("La documentation", "The documentation")),
                        new ChoiceOption("support", T("Le support", "Support")),
                    ],
                    MaxChoices: 2),
                new FreeTextQuestion("comment", T("Que pourrions-nous améliorer ?", "What could we improve?")),
            ]),
        new SurveyDefinition(
            "saas_first_value",
            T("Première valeur", "First value"),
            [new NpsQuestion("recommend", T("Recommanderiez-vous notre solution à un confrère ?", "Would you recommend our product to a peer?"))]),
        new SurveyDefinition(
            "saas_support",
            T("Demande au support", "Support request"),
            [
                new CxiQuestion("support_experience", T("À propos de votre demande au support :", "About your support request:")),
                new FreeTextQuestion("comment", T("Un commentaire ?", "Any comment?"), 500),
            ]),
        new SurveyDefinition(
            "saas_renewal",
            T("Renouvellement", "Renewal"),
            [new CsatQuestion("renewal", T("Êtes-vous satisfait de l'accompagnement de votre renouvellement ?", "Are you satisfied with how your renewal was handled?"))]),
        new SurveyDefinition(
            "saas_relationship",
            T("Baromètre annuel", "Yearly barometer"),
            [
                new NpsQuestion("recommend", T("Recommanderiez-vous notre entreprise à un confrère ?", "Would you recommend our company to a peer?")),
                new SingleChoiceQuestion(
                    "role",
                    T("Quel est votre rôle ?", "What is your role?"),
                    [
                        new ChoiceOption("decision_maker", T("Décideur", "Decision-maker")),
                        new ChoiceOption("user", T("Utilisateur", "User")),
                        new ChoiceOption("technical", T("Technique", "Technical")),
                    ]),
            ],
            T("Merci : vos réponses orientent notre feuille de route.", "Thank you: your answers shape our roadmap.")));
}
