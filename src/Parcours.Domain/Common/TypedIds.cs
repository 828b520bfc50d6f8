namespace Parcours.Domain.Common;

/// <summary>A strongly typed identifier over a <see cref="Guid"/>, so an account id cannot be passed where a person id is expected.</summary>
public interface ITypedId<TSelf> where TSelf : struct, ITypedId<TSelf>
{
    Guid Value { get; }

    static abstract TSelf From(Guid value);
}

public readonly record struct WorkspaceId(Guid Value) : ITypedId<WorkspaceId>
{
    public static WorkspaceId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

public readonly record struct AccountId(Guid Value) : ITypedId<AccountId>
{
    public static AccountId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

public readonly record struct PersonId(Guid Value) : ITypedId<PersonId>
{
    public static PersonId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

public readonly record struct UserId(Guid Value) : ITypedId<UserId>
{
    public static UserId From(Guid value) => new(value);

    public override string ToString() => Value.ToString();
}

/// <summary>New identifiers are version 7 GUIDs stamped with the injected clock: they sort by creation time, which keeps B-tree inserts local.</summary>
public static class NewId
{
    public static T Next<T>(TimeProvider clock) where T : struct, ITypedId<T> => T.From(Guid.CreateVersion7(clock.GetUtcNow()));
}
