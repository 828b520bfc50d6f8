namespace Parcours.Bench;

/// <summary>
/// <paramref name="Rows"/> accounts; <paramref name="PeopleRows"/> people, stakeholders of the first third of them.
/// <paramref name="Duration"/> and <paramref name="Clients"/>: each ingestion pass, and the HTTP clients that send.
/// <paramref name="Lease"/>: the agenda lease of the agenda-crash scenario's server.
/// </summary>
internal sealed record BenchOptions(int Runs, int Rows, int PeopleRows, BenchFiles Files, TimeSpan Duration, int Clients, TimeSpan Lease);

internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<Measure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct);
}
