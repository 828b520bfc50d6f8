using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Ingestion;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class WriteKeyConfiguration : IEntityTypeConfiguration<WriteKey>
{
    public void Configure(EntityTypeBuilder<WriteKey> builder)
    {
        builder.ToTable("write_keys");
        builder.HasKey(k => new { k.WorkspaceId, k.Id });
        builder.Property(k => k.Name).HasMaxLength(Values.MaxShortText);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Ignore(k => k.IsActive);
        // Ingestion finds the key by its public prefix before it knows the workspace.
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RawEventConfiguration : IEntityTypeConfiguration<RawEvent>
{
    /// <summary>Longest id, event name or message id kept; Segment documents no limit, 255 covers every real client.</summary>
    public const int MaxIdLength = 255;

    public void Configure(EntityTypeBuilder<RawEvent> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => new { e.WorkspaceId, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.MessageId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.Type).HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(MaxIdLength);
        builder.Property(e => e.UserId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.AnonymousId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.GroupId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.PreviousId).HasMaxLength(MaxIdLength);
        // A retried message (same messageId) is stored once: the writer inserts with ON CONFLICT DO NOTHING on this index.
        builder.HasIndex(e => new { e.WorkspaceId, e.MessageId }).IsUnique();
        builder.HasIndex(e => new { e.WorkspaceId, e.Timestamp });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
