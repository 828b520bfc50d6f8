using Microsoft.AspNetCore.Http.HttpResults;
using Parcours.Domain.Common;

namespace Parcours.Server.Features.Shared;

/// <summary>The one place where an expected failure becomes HTTP: RFC 9457 problem details with a stable type and a code.</summary>
public static class Problems
{
    public static ProblemHttpResult From(Error error)
    {
        var (status, type, title) = error switch
        {
            Error.NotFound => (StatusCodes.Status404NotFound, "not-found", "The resource does not exist."),
            Error.Conflict => (StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state."),
            Error.Forbidden => (StatusCodes.Status403Forbidden, "forbidden", "You are not allowed to do this."),
            Error.Invalid or Error.Validation => (StatusCodes.Status400BadRequest, "invalid", "The request is invalid."),
            _ => (StatusCodes.Status500InternalServerError, "unexpected", "An unexpected error occurred."),
        };

        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (Fields(error) is { Count: > 0 } fields)
        {
            extensions["errors"] = fields;
        }

        return TypedResults.Problem(error.Detail, statusCode: status, title: title, type: $"/problems/{type}", extensions: extensions);
    }

    /// <summary>200 with the value, or the problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Reply<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : From(result.Error!);

    public static Error.NotFound NotFound(string what, object id) => new($"{what}_not_found", $"No {what} with id {id} in this workspace.");

    private static Dictionary<string, string[]> Fields(Error error) => error switch
    {
        Error.Invalid { Field: { } field } invalid => new() { [field] = [invalid.Detail] },
        Error.Validation validation => validation.Failures
            .GroupBy(f => f.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(f => f.Detail).ToArray()),
        _ => [],
    };
}
