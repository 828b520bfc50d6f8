using Parcours.Domain.Common;

namespace Parcours.Server.Features.Agenda;

/// <summary>What a handler gets: the item, which attempt this is, the key to give the channel, and the workspace it runs in.</summary>
public sealed record AgendaWork(
    WorkspaceId WorkspaceId,
    Guid ItemId,
    string Kind,
    string? SubjectId,
    string? Payload,
    DateTime DueAt,
    string IdempotencyKey,
    int Attempt,
    long Fence);

/// <summary>How a handler's run ended. An exception counts as <see cref="Retry"/> with the exception as the error.</summary>
public abstract record AgendaResult
{
    public static readonly AgendaResult Done = new Completed();

    private AgendaResult()
    {
    }

    /// <summary>A passing failure: try again after the backoff (or <paramref name="After"/>), parked after the last attempt.</summary>
    public static AgendaResult Retry(string error, TimeSpan? after = null) => new Failed(error, after);

    /// <summary>Retrying cannot help (or must not happen without a person): park now, with the reason shown on the agenda page.</summary>
    public static AgendaResult Park(string reason) => new Parked(reason);

    public sealed record Completed : AgendaResult;

    public sealed record Failed(string Error, TimeSpan? After) : AgendaResult;

    public sealed record Parked(string Reason) : AgendaResult;
}

/// <summary>
/// Does the work of one kind of agenda item. Resolved per item from a scope entered for the item's workspace, so it can
/// take the <c>ParcoursDbContext</c> and see only that workspace. Delivery is at least once: a handler must be idempotent,
/// and any send goes through the side-effect ledger (<see cref="SideEffects"/>).
/// </summary>
public interface IAgendaHandler
{
    /// <summary>The kind it handles, e.g. "survey.invite"; stored on each item, so it never changes once used.</summary>
    string Kind { get; }

    Task<AgendaResult> HandleAsync(AgendaWork work, CancellationToken ct);
}

public sealed record AgendaHandlerType(Type Type);

/// <summary>The handler of each kind. Built at start-up, which fails if two handlers claim the same kind.</summary>
public sealed class AgendaHandlers
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public AgendaHandlers(IEnumerable<AgendaHandlerType> registrations, IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        foreach (var registration in registrations)
        {
            var handler = (IAgendaHandler)scope.ServiceProvider.GetRequiredService(registration.Type);
            if (!_types.TryAdd(handler.Kind, registration.Type) && _types[handler.Kind] != registration.Type)
            {
                throw new InvalidOperationException($"Two agenda handlers claim the kind '{handler.Kind}': {_types[handler.Kind].Name} and {registration.Type.Name}.");
            }
        }
    }

    public IReadOnlyCollection<string> Kinds => _types.Keys;

    public IAgendaHandler? Resolve(IServiceProvider services, string kind) =>
        _types.TryGetValue(kind, out var type) ? (IAgendaHandler)services.GetRequiredService(type) : null;
}

/// <summary>The random numbers behind retry jitter; replaceable by a seeded one in tests.</summary>
public sealed class AgendaJitter(Random random)
{
    private readonly Lock _lock = new();

    public double NextUnit()
    {
        lock (_lock)
        {
            return random.NextDouble();
        }
    }
}
