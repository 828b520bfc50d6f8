using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Tests.Playbooks;

/// <summary>A small valid playbook using every step kind, and helpers to break it one field at a time.</summary>
internal static class SamplePlaybook
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static LocalizedText T(string fr, string en) => new(fr, en);

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static PlaybookDefinition Build() => new(
        "sample",
        T("Exemple", "Sample"),
        SubjectKind.Account,
        PlaybookTrigger.OnEvent("order_completed"),
        [
            new SendMessageStep("welcome", StepTiming.Day(0), MessageChannel.Email, T("Bienvenue", "Welcome"), T("Bonjour {{ person.first_name }},", "Hello {{ person.first_name }},")),
            new CreateTaskStep("csm_call", StepTiming.Day(2, "09:30"), AssigneeRole.Csm, T("Appeler le client", "Call the customer")),
            new MilestoneStep("setup", StepTiming.Day(7), T("Paramétrage technique", "Technical setup"), MilestoneCompletion.OnEvent("integration_configured")),
            new BranchStep("login_check", StepTiming.Day(5, "10:00"), BranchCondition.EventSeen("logged_in"), [], ["relaunch", "relaunch_call"]),
            new SendMessageStep("relaunch", StepTiming.AfterStep("login_check"), MessageChannel.Email, T("On s'y met ?", "Shall we start?"), T("Besoin d'aide ?", "Need a hand?")),
            new CreateTaskStep("relaunch_call", StepTiming.AfterStep("login_check", 1, "09:30"), AssigneeRole.Csm, T("Relancer le client inactif", "Call the inactive customer")),
            new WaitUntilStep("first_import", StepTiming.Day(1), "data_imported", 10, ["import_help"]),
            new CreateTaskStep("import_help", StepTiming.AfterStep("first_import"), AssigneeRole.Csm, T("Aider à importer les données", "Help import the data")),
            new SeriesStep("tips", StepTiming.Day(3, "10:00"), SeriesPattern.Every(7, 4), MessageChannel.Email, T("Astuce n°{{ series.number }}", "Tip #{{ series.number }}"), T("Le saviez-vous ?", "Did you know?")),
            new CreateTaskStep("review", StepTiming.Day(28, "14:00"), AssigneeRole.Csm, T("Bilan d'onboarding", "Onboarding review")),
            new MilestoneStep("onboarded", StepTiming.Day(30), T("Client embarqué", "Customer onboarded"), MilestoneCompletion.OnTaskDone("review")),
        ],
        [ExitCondition.AccountChurned],
        "onboarded");

    public static PlaybookDefinition Replace(this PlaybookDefinition definition, string key, Func<PlaybookStep, PlaybookStep> change) =>
        definition with { Steps = [.. definition.Steps.Select(s => s.Key == key ? change(s) : s)] };

    public static PlaybookDefinition Append(this PlaybookDefinition definition, params PlaybookStep[] steps) =>
        definition with { Steps = [.. definition.Steps, .. steps] };

    /// <summary>The (code, path) pairs of every problem.</summary>
    public static IReadOnlyList<(string Code, string? Path)> ProblemsOf(PlaybookDefinition definition) =>
        [.. definition.Problems().Select(p => (p.Code, p.Field))];

    public static IReadOnlyList<(string Code, string? Field)> FailuresOf<T>(Result<T> result)
    {
        Assert.False(result.IsSuccess, "Expected a failure.");
        var validation = Assert.IsType<Error.Validation>(result.Error);
        return [.. validation.Failures.Select(f => (f.Code, f.Field))];
    }
}
