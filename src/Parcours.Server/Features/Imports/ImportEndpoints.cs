using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Imports;

public sealed record StartImportRequest
{
    /// <summary>Field key → column header of the file. Start from the upload's suggested mapping.</summary>
    public Dictionary<string, string> Mapping { get; init; } = [];
}

public static class ImportEndpoints
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddScoped<ImportJobs>();
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportProgressBoard>();
        services.AddHostedService<ImportWorker>();
        return services;
    }

    public static RouteGroupBuilder MapImports(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/imports").WithTags("Imports").RequireAuthorization(Policies.Write);

        group.MapPost("/", async Task<Results<Created<ImportResponse>, ProblemHttpResult>> (
                [FromQuery] ImportKind kind, HttpRequest request, ImportJobs imports, CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                {
                    return Problems.From(new Domain.Common.Error.Invalid("wrong_content_type", "Send the CSV as multipart/form-data in a field named 'file'.", "file"));
                }

                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { } file)
                {
                    return Problems.From(new Domain.Common.Error.Invalid("file_missing", "Send the CSV in a form field named 'file'.", "file"));
                }

                await using var stream = file.OpenReadStream();
                var result = await imports.UploadAsync(kind, file.FileName, stream, request.HttpContext.User.UserId(), ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/imports/{result.Value.Id}", result.Value) : Problems.From(result.Error!);
            })
            .WithMetadata(new RequestSizeLimitAttribute(64L * 1024 * 1024))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = 64L * 1024 * 1024 })
            .WithSummary("Upload a CSV (?kind=Accounts|People): returns the detected encoding and separator, a preview and a suggested mapping. Nothing is imported yet.");

        group.MapPost("/{id:guid}/start", async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> (Guid id, StartImportRequest request, ImportJobs imports, CancellationToken ct) =>
                Problems.Reply(await imports.StartAsync(id, request.Mapping, ct)))
            .WithSummary("Confirm the column mapping and start: every row is validated first; any invalid row rejects the whole file and nothing is written.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> (Guid id, ImportJobs imports, CancellationToken ct) =>
                Problems.Reply(await imports.GetAsync(id, ct)))
            .RequireAuthorization(Policies.Read)
            .WithSummary("Status, progress and, when finished, the report (counts and row errors).");

        api.MapGet("/accounts/export", (ParcoursDbContext db, HttpContext http, [FromQuery] char? delimiter, CancellationToken ct) =>
                Export(http, "accounts", delimiter, (s, d) => CsvExporter.WriteAccountsAsync(db, s, d, ct)))
            .WithTags("Accounts").WithSummary("Every live account as CSV (UTF-8 with BOM); the file re-imports as is.");
        api.MapGet("/people/export", (ParcoursDbContext db, HttpContext http, [FromQuery] char? delimiter, CancellationToken ct) =>
                Export(http, "people", delimiter, (s, d) => CsvExporter.WritePeopleAsync(db, s, d, ct)))
            .WithTags("People").WithSummary("Every live person as CSV (UTF-8 with BOM); the file re-imports as is.");
        return group;
    }

    /// <summary>The same exports for the cockpit's download buttons (cookie auth; a GET with no side effect).</summary>
    public static void MapExports(this WebApplication app)
    {
        app.MapGet("/exports/accounts.csv", (ParcoursDbContext db, HttpContext http, CancellationToken ct) =>
            Export(http, "accounts", null, (s, d) => CsvExporter.WriteAccountsAsync(db, s, d, ct))).RequireAuthorization(Policies.Read).ExcludeFromDescription();
        app.MapGet("/exports/people.csv", (ParcoursDbContext db, HttpContext http, CancellationToken ct) =>
            Export(http, "people", null, (s, d) => CsvExporter.WritePeopleAsync(db, s, d, ct))).RequireAuthorization(Policies.Read).ExcludeFromDescription();
    }

    /// <summary>French users get ';' (what their Excel opens); others ','.</summary>
    private static IResult Export(HttpContext http, string what, char? delimiter, Func<Stream, char, Task> write)
    {
        var separator = delimiter is ';' or ',' or '\t' ? delimiter.Value : CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "fr" ? ';' : ',';
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"parcours-{what}.csv\"";
        return Results.Stream(stream => write(stream, separator), "text/csv; charset=utf-8");
    }
}
