namespace Parcours.Domain.Common;

/// <summary>Collects every invalid field of one input instead of stopping at the first.</summary>
public sealed class Checks
{
    private readonly List<Error.Invalid> _failures = [];

    public bool Passed => _failures.Count == 0;

    public T Take<T>(Result<T> result)
    {
        if (result.IsSuccess)
        {
            return result.Value;
        }

        _failures.Add(result.Error as Error.Invalid ?? new Error.Invalid(result.Error!.Code, result.Error.Detail));
        return default!;
    }

    public void Fail(string code, string detail, string field) => _failures.Add(new Error.Invalid(code, detail, field));

    public Result<T> Finish<T>(Func<T> build) =>
        Passed ? build() : new Error.Validation(_failures.ToArray());
}
