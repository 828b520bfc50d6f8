using Parcours.Domain.Common;

namespace Parcours.Domain.Tests.Adoption;

internal static class Failures
{
    /// <summary>The (code, field) pairs of a failed result; fails the test if the result succeeded.</summary>
    public static IReadOnlyList<(string Code, string? Field)> Of<T>(Result<T> result)
    {
        Assert.False(result.IsSuccess, "Expected a failure.");
        var validation = Assert.IsType<Error.Validation>(result.Error);
        return [.. validation.Failures.Select(f => (f.Code, f.Field))];
    }
}
