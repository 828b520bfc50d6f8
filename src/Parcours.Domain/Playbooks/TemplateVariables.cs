using System.Text.RegularExpressions;

namespace Parcours.Domain.Playbooks;

/// <summary>
/// The Liquid-style placeholders a playbook text may use, such as <c>{{ person.first_name }}</c> or
/// <c>{{ csm.name | default: "votre CSM" }}</c>. Only the variable names are checked here; rendering happens when the
/// message is sent.
/// </summary>
public static partial class TemplateVariables
{
    /// <summary>The variables the renderer fills for every enrolment.</summary>
    public static IReadOnlySet<string> Allowed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "person.first_name", "person.last_name", "person.full_name", "person.email", "person.job_title",
        "account.name", "account.plan",
        "company.name", "workspace.name",
        "csm.first_name", "csm.name", "csm.email", "csm.phone",
        "manager.first_name", "manager.name",
        "mentor.first_name", "mentor.name",
        "support.email", "support.phone", "help.url", "app.url",
        "enrolment.start_date", "employee.start_date",
        "series.number", "series.count",
    };

    /// <summary>The variable names used in <paramref name="text"/>, in order, and whether every "{{" was closed by a well-formed placeholder.</summary>
    public static (IReadOnlyList<string> Names, bool WellFormed) Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = Placeholder().Matches(text).Select(m => m.Groups["name"].Value).ToList();
        var opened = text.Split("{{").Length - 1;
        return (names, opened == names.Count && !Placeholder().Replace(text, "").Contains("}}", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*)\s*(\|[^{}]*)?\}\}")]
    private static partial Regex Placeholder();
}
