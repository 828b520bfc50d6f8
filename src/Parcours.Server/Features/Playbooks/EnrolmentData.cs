using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Server.Features.Playbooks;

/// <summary>
/// The <c>data.*</c> variables of an enrolment's messages: the people of the team on it (CSM, manager, mentor), the
/// company, support contacts and dates, as <see cref="PlaybookTexts"/> rewrote them (<c>{{ csm.name }}</c> reads
/// <c>data.csm.name</c>). A role nobody holds is blank, which the built-in texts cover with a <c>default</c> filter.
/// </summary>
public sealed class EnrolmentData(IOptions<MessagingOptions> messaging, IOptions<SmtpOptions> smtp)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Dictionary<string, object?>> ForAsync(ParcoursDbContext db, EnrolmentRow enrolment, CancellationToken ct)
    {
        var ids = new[] { enrolment.CsmId, enrolment.ManagerId, enrolment.MentorId, enrolment.HrId }.OfType<Guid>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.WorkspaceId == enrolment.WorkspaceId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.PhoneNumber }).ToListAsync(ct);
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == enrolment.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        Dictionary<string, object?> Person(Guid? id)
        {
            var user = users.FirstOrDefault(u => u.Id == id);
            var name = user?.DisplayName ?? "";
            return new() { ["first_name"] = name.Split(' ', 2)[0], ["name"] = name, ["email"] = user?.Email ?? "", ["phone"] = user?.PhoneNumber ?? "" };
        }

        var options = messaging.Value;
        var start = enrolment.EnrolledAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Dictionary<string, object?>
        {
            ["csm"] = Person(enrolment.CsmId),
            ["manager"] = Person(enrolment.ManagerId),
            ["mentor"] = Person(enrolment.MentorId),
            ["company"] = new Dictionary<string, object?> { ["name"] = workspace },
            ["workspace"] = new Dictionary<string, object?> { ["name"] = workspace },
            ["support"] = new Dictionary<string, object?> { ["email"] = options.SupportEmail ?? smtp.Value.FromAddress, ["phone"] = options.SupportPhone ?? "" },
            ["help"] = new Dictionary<string, object?> { ["url"] = (options.HelpUrl ?? options.PublicBaseUrl).ToString() },
            ["app"] = new Dictionary<string, object?> { ["url"] = (options.AppUrl ?? options.PublicBaseUrl).ToString() },
            ["enrolment"] = new Dictionary<string, object?> { ["start_date"] = start },
            ["employee"] = new Dictionary<string, object?> { ["start_date"] = start },
        };
    }

    /// <summary>The whole model of a text about this enrolment (a task's title): the subject's person and account, and the data.</summary>
    public async Task<RenderModel> ModelAsync(ParcoursDbContext db, EnrolmentRow enrolment, Dictionary<string, object?> variables, CancellationToken ct)
    {
        var person = enrolment.PersonId is { } p ? await db.People.AsNoTracking().SingleOrDefaultAsync(x => x.Id == p, ct) : null;
        var account = enrolment.AccountId is { } a ? await db.Accounts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == a, ct) : null;
        return new RenderModel(
            RenderModel.PersonFields(person?.FirstName ?? "", person?.LastName ?? "", person?.Email, person?.Phone, person?.JobTitle, person?.Locale ?? "fr"),
            RenderModel.AccountFields(account?.Name, account?.Segment, account?.Plan),
            RenderModel.LinkFields(""),
            RenderModel.DataFields(Serialize(variables, null, null)));
    }

    /// <summary>The data of one message: the enrolment's, plus the occurrence of a series.</summary>
    public static string Serialize(Dictionary<string, object?> data, int? seriesNumber, int? seriesCount)
    {
        var copy = new Dictionary<string, object?>(data)
        {
            ["series"] = new Dictionary<string, object?> { ["number"] = seriesNumber ?? 0, ["count"] = seriesCount ?? 0 },
        };
        return JsonSerializer.Serialize(copy, Json);
    }
}
