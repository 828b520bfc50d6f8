using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Persistence;

/// <summary>Stores a typed id as its GUID.</summary>
public sealed class TypedIdConverter<T>() : ValueConverter<T, Guid>(id => id.Value, value => TypedIds.From<T>(value))
    where T : struct, ITypedId<T>;

/// <summary>Expression trees cannot call a static abstract member; this plain generic method can.</summary>
public static class TypedIds
{
    public static T From<T>(Guid value) where T : struct, ITypedId<T> => T.From(value);
}

/// <summary>Every instant is UTC. SQLite hands back unspecified kinds; this marks them UTC again on the way out.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
