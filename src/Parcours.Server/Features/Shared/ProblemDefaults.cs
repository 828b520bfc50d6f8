namespace Parcours.Server.Features.Shared;

/// <summary>
/// Problems produced by the framework (validation, 404 on unknown routes, 415, 429, 500) get the same stable
/// <c>type</c> and <c>code</c> as ours, and never a stack trace.
/// </summary>
public static class ProblemDefaults
{
    public static void Customize(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (type, code) = status switch
        {
            400 when problem.Extensions.ContainsKey("errors") || problem is HttpValidationProblemDetails => ("invalid", "validation_failed"),
            400 => ("invalid", "bad_request"),
            401 => ("unauthenticated", "unauthenticated"),
            403 => ("forbidden", "forbidden"),
            404 => ("not-found", "not_found"),
            405 => ("method-not-allowed", "method_not_allowed"),
            409 => ("conflict", "conflict"),
            413 => ("too-large", "payload_too_large"),
            415 => ("unsupported-media-type", "unsupported_media_type"),
            429 => ("rate-limited", "rate_limited"),
            _ when status >= 500 => ("unexpected", "unexpected"),
            _ => ("error", "error"),
        };
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
        {
            problem.Type = $"/problems/{type}";
        }

        problem.Extensions.TryAdd("code", code);
        if (status >= 500)
        {
            problem.Detail = "An unexpected error occurred. It has been logged; quote the traceId to your admin.";
        }
    }
}
