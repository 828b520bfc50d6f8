using Parcours.Domain.Surveys;

namespace Parcours.Domain.Journeys;

public static partial class BuiltInJourneys
{
    /// <summary>
    /// An online shop (seed 001, "les enquêtes à chaud: l'achat en ligne, la livraison, l'appel au SAV"): ease of
    /// ordering ten minutes after the order, the parcel two hours after delivery by SMS, the product a week later
    /// (warm, piloted on 25 % first), and the after-sales call an hour after it ends, aiming lower than pre-sales.
    /// </summary>
    public static JourneyTemplate ECommerce { get; } = Checked(
        new JourneyDefinition(
            "ecommerce",
            T("Parcours client e-commerce", "E-commerce customer journey"),
            T(
                "Mesurer l'expérience de la commande à l'après-vente, rappeler les insatisfaits et repérer les fans.",
                "Measure the experience from order to after-sales, call back the unhappy and spot the fans."),
            [
                new Persona(
                    "online_shopper",
                    T("Acheteur en ligne", "Online shopper"),
                    T("Commande sur mobile, attend un suivi clair et une livraison à l'heure.", "Orders on a phone, expects clear tracking and on-time delivery.")),
            ],
            [
                new JourneyStage("order", T("Commande", "Order"), new StageMap(
                    [T("Site e-commerce", "Online shop"), T("Paiement", "Checkout"), T("Email de confirmation", "Confirmation email")],
                    [T("Gestion du panier", "Basket management"), T("Paiement sécurisé", "Secure payment")],
                    [T("E-commerce", "E-commerce"), T("Marketing", "Marketing")],
                    CustomerFeeling.Pleased,
                    T("Content de son achat, mais doute : ai-je fait le bon choix ?", "Happy with the purchase, yet wondering: did I choose well?"))),
                new JourneyStage("delivery", T("Livraison", "Delivery"), new StageMap(
                    [T("SMS de suivi", "Tracking SMS"), T("Transporteur", "Carrier"), T("Colis", "Parcel")],
                    [T("Préparation de commande", "Order picking"), T("Expédition", "Shipping")],
                    [T("Logistique", "Logistics"), T("Service client", "Customer service")],
                    CustomerFeeling.Worried,
                    T("Attend son colis et guette le moindre retard.", "Waits for the parcel and watches for any delay."))),
                new JourneyStage("after_sales", T("Après-vente", "After-sales"), new StageMap(
                    [T("Téléphone", "Phone"), T("Formulaire de contact", "Contact form")],
                    [T("Retours et échanges", "Returns and exchanges"), T("Traitement des réclamations", "Complaint handling")],
                    [T("Service client", "Customer service"), T("Logistique", "Logistics")],
                    CustomerFeeling.Disappointed,
                    T("Appelle parce que quelque chose ne va pas.", "Calls because something went wrong."))),
            ],
            [
                new MeasurementPoint(
                    "order_placed",
                    T("Je passe ma commande", "I place my order"),
                    PointKind.Transactional,
                    "order",
                    "order_completed",
                    "ecommerce_order_ease",
                    [SurveyChannel.InAppPopup, SurveyChannel.Email],
                    new HotDelay(10),
                    Objective: 40,
                    AlertThreshold: 4),
                new MeasurementPoint(
                    "parcel_received",
                    T("Je reçois mon colis", "I receive my parcel"),
                    PointKind.MomentOfTruth,
                    "delivery",
                    "parcel_delivered",
                    "ecommerce_parcel",
                    [SurveyChannel.Sms, SurveyChannel.Email, SurveyChannel.PublicLink],
                    new HotDelay(120),
                    Objective: 85,
                    AlertThreshold: 3),
                new MeasurementPoint(
                    "product_in_use",
                    T("J'utilise mon produit", "I use my product"),
                    PointKind.MomentOfTruth,
                    "delivery",
                    "parcel_delivered",
                    "ecommerce_recommend",
                    [SurveyChannel.Email],
                    new WarmDelay(7),
                    Objective: 30,
                    AlertThreshold: 7,
                    Pilot: PilotSample.Share(25)),
                new MeasurementPoint(
                    "after_sales_call",
                    T("J'appelle le service après-vente", "I call after-sales"),
                    PointKind.MomentOfTruth,
                    "after_sales",
                    "support_call_ended",
                    "ecommerce_after_sales",
                    [SurveyChannel.Sms, SurveyChannel.Voice, SurveyChannel.Email],
                    new HotDelay(60),
                    Objective: 75,
                    AlertThreshold: 3),
            ]),
        new SurveyDefinition(
            "ecommerce_order_ease",
            T("Facilité de commande", "Ease of ordering"),
            [
                new CesQuestion("order_ease", T("Il a été facile de passer ma commande.", "It was easy to place my order."), CesScale.SevenPoint),
                new FreeTextQuestion("comment", T("Qu'est-ce qui aurait pu être plus simple ?", "What could have been simpler?"), 500),
            ],
            T("Merci, bonne journée !", "Thank you, have a nice day!")),
        new SurveyDefinition(
            "ecommerce_parcel",
            T("Réception du colis", "Parcel received"),
            [
                new CsatQuestion("parcel", T("Comment s'est passée la réception de votre colis ?", "How did receiving your parcel go?"), CsatScale.Stars),
                new MultipleChoiceQuestion(
                    "issues",
                    T("Un souci avec votre colis ?", "Any issue with your parcel?"),
                    [
                        new ChoiceOption("late", T("En retard", "Late")),
                        new ChoiceOption("damaged", T("Abîmé", "Damaged")),
                        new ChoiceOption("wrong_item", T("Erreur d'article", "Wrong item")),
                        new ChoiceOption("missing_item", T("Article manquant", "Missing item")),
                    ]),
                new FreeTextQuestion("comment", T("Dites-nous en plus", "Tell us more"), 500),
            ],
            T("Merci ! Un souci ? Nous vous rappelons.", "Thank you! Something wrong? We will call you back.")),
        new SurveyDefinition(
            "ecommerce_recommend",
            T("Recommandation après une semaine", "Recommendation after a week"),
            [new NpsQuestion("recommend", T("Recommanderiez-vous notre boutique à vos proches ?", "Would you recommend our shop to friends and family?"))],
            T("Merci pour votre avis !", "Thank you for your feedback!")),
        new SurveyDefinition(
            "ecommerce_after_sales",
            T("Appel au service après-vente", "After-sales call"),
            [
                new CsatQuestion("call", T("Êtes-vous satisfait de votre échange avec notre service client ?", "Are you satisfied with your call to our customer service?")),
                new SingleChoiceQuestion(
                    "solved",
                    T("Votre demande a-t-elle été résolue ?", "Was your request resolved?"),
                    [new ChoiceOption("yes", T("Oui", "Yes")), new ChoiceOption("partly", T("En partie", "Partly")), new ChoiceOption("no", T("Non", "No"))]),
                new FreeTextQuestion("comment", T("Un commentaire ?", "Any comment?"), 500),
            ]));
}
