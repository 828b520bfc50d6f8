namespace Parcours.Server.Features.Ingestion;

/// <summary>
/// The tracking API's failures. They are transport-level (size, content type, key, rate, capacity), outside the domain's
/// <c>Error</c> records, so they are mapped here, still as RFC 9457 problems with a stable type and a code.
/// </summary>
public static class IngestionProblems
{
    public static IResult MalformedJson(string detail) => Problem(StatusCodes.Status400BadRequest, "invalid", "The request is invalid.", "malformed_json", detail);

    public static IResult InvalidMessage(string detail) => Problem(StatusCodes.Status400BadRequest, "invalid", "The request is invalid.", "invalid_message", detail);

    public static IResult AllRejected(IReadOnlyList<Rejection> rejected) => Problem(
        StatusCodes.Status400BadRequest, "invalid", "The request is invalid.", "all_messages_rejected",
        "No message of the batch was valid; nothing was stored.", new() { ["rejected"] = rejected });

    public static IResult UnsupportedContentType() => Problem(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The content type is not supported.", "unsupported_content_type",
        "Send the events as JSON with 'Content-Type: application/json' (a /v1/batch may also be JSON sent as text/plain, as sendBeacon does).");

    public static IResult TooLarge(long limit) => Problem(
        StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large.", "too_large",
        $"The body is larger than {limit / 1024} KB; nothing was stored.");

    public static IResult MissingWriteKey() => Problem(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Authentication required.", "write_key_missing",
        "Send the write key as the Basic-auth user name (empty password) or as 'writeKey' in the body. Create one in Settings → Write keys.");

    public static IResult InvalidWriteKey() => Problem(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Authentication required.", "write_key_invalid",
        "Unknown or revoked write key; nothing was stored.");

    public static IResult RateLimited(TimeSpan retryAfter, HttpContext http)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", "rate_limited",
            "This write key sends too many requests; retry after the delay in Retry-After. Nothing was stored.");
    }

    public static IResult Unavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable, "unavailable", "The service is unavailable.", "ingestion_unavailable",
        "The events could not be stored now; nothing is acknowledged. Retry later.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string type, string title, string code, string detail, Dictionary<string, object?>? extra = null)
    {
        var extensions = new Dictionary<string, object?>(extra ?? []) { ["code"] = code };
        return TypedResults.Problem(detail, statusCode: status, title: title, type: $"/problems/{type}", extensions: extensions);
    }
}

/// <summary>A message of a batch that was not stored, by its position in the batch.</summary>
public sealed record Rejection(int Index, string Reason);
