namespace Parcours.Domain.Common;

/// <summary>
/// An expected failure, returned rather than thrown. The server maps each kind to one RFC 9457 problem type.
/// </summary>
public abstract record Error(string Code, string Detail)
{
    public sealed record NotFound(string Code, string Detail) : Error(Code, Detail);
    public sealed record Conflict(string Code, string Detail) : Error(Code, Detail);
    public sealed record Forbidden(string Code, string Detail) : Error(Code, Detail);

    /// <summary>Input that breaks a domain rule; <paramref name="Field"/> names the offending field when there is one.</summary>
    public sealed record Invalid(string Code, string Detail, string? Field = null) : Error(Code, Detail);

    /// <summary>Several invalid fields at once, so a form or a CSV row reports everything wrong in one pass.</summary>
    public sealed record Validation(IReadOnlyList<Invalid> Failures)
        : Error("validation_failed", string.Join(" ", Failures.Select(f => f.Detail)));
}
