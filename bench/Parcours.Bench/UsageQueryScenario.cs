namespace Parcours.Bench;

internal sealed class UsageQueryScenario : IScenario
{
    public string Name => "usage-query";

    public string Description => "todo";

    public Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Measure>>([]);
}
