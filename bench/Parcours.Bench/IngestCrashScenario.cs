namespace Parcours.Bench;

internal sealed class IngestCrashScenario : IScenario
{
    public string Name => "ingest-crash";

    public string Description => "todo";

    public Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Measure>>([]);
}
