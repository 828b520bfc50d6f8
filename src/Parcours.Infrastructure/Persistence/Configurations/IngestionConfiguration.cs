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
        // The timestamp is in the key because PostgreSQL partitions this table by month on it (ADR 5).
        builder.HasKey(e => new { e.WorkspaceId, e.Timestamp, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.MessageId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.Type).HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(MaxIdLength);
        builder.Property(e => e.UserId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.AnonymousId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.GroupId).HasMaxLength(MaxIdLength);
        builder.Property(e => e.PreviousId).HasMaxLength(MaxIdLength);
        // Deduplication is done by event_message_ids. These serve the event debugger and the backfill of an
        // anonymous visitor's events once identified.
        builder.HasIndex(e => new { e.WorkspaceId, e.ReceivedAt });
        builder.HasIndex(e => new { e.WorkspaceId, e.AnonymousId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EventMessageIdConfiguration : IEntityTypeConfiguration<EventMessageId>
{
    public void Configure(EntityTypeBuilder<EventMessageId> builder)
    {
        builder.ToTable("event_message_ids");
        builder.HasKey(e => new { e.WorkspaceId, e.MessageId });
        builder.Property(e => e.MessageId).HasMaxLength(RawEventConfiguration.MaxIdLength);
    }
}

public sealed class EventIdentityConfiguration : IEntityTypeConfiguration<EventIdentity>
{
    public void Configure(EntityTypeBuilder<EventIdentity> builder)
    {
        builder.ToTable("event_identities");
        builder.HasKey(e => new { e.WorkspaceId, e.Key });
        builder.Property(e => e.Key).HasMaxLength(RawEventConfiguration.MaxIdLength + 2);
        builder.Property(e => e.UserId).HasMaxLength(RawEventConfiguration.MaxIdLength);
        builder.Property(e => e.GroupId).HasMaxLength(RawEventConfiguration.MaxIdLength);
        // An alias re-points every key of the former user.
        builder.HasIndex(e => new { e.WorkspaceId, e.UserId });
    }
}

public sealed class UsageDayConfiguration : IEntityTypeConfiguration<UsageDay>
{
    public void Configure(EntityTypeBuilder<UsageDay> builder)
    {
        builder.ToTable("usage_days");
        builder.HasKey(u => new { u.WorkspaceId, u.SubjectKind, u.SubjectKey, u.Day });
        builder.Property(u => u.SubjectKey).HasMaxLength(RawEventConfiguration.MaxIdLength);
        builder.Property(u => u.AccountKey).HasMaxLength(RawEventConfiguration.MaxIdLength);
        // The inactivity check and the overview read the latest day per subject.
        builder.HasIndex(u => new { u.WorkspaceId, u.SubjectKind, u.Day });
    }
}

public sealed class UsageEventDayConfiguration : IEntityTypeConfiguration<UsageEventDay>
{
    public void Configure(EntityTypeBuilder<UsageEventDay> builder)
    {
        builder.ToTable("usage_event_days");
        builder.HasKey(u => new { u.WorkspaceId, u.SubjectKind, u.SubjectKey, u.Day, u.EventName });
        builder.Property(u => u.SubjectKey).HasMaxLength(RawEventConfiguration.MaxIdLength);
        builder.Property(u => u.EventName).HasMaxLength(RawEventConfiguration.MaxIdLength);
        // Most and least used features across the workspace.
        builder.HasIndex(u => new { u.WorkspaceId, u.SubjectKind, u.EventName, u.Day });
    }
}

public sealed class FeatureDefinitionConfiguration : IEntityTypeConfiguration<FeatureDefinition>
{
    public void Configure(EntityTypeBuilder<FeatureDefinition> builder)
    {
        builder.ToTable("features");
        builder.HasKey(f => new { f.WorkspaceId, f.Id });
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.Pattern).HasMaxLength(200);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(f => new { f.WorkspaceId, f.Name }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(f => f.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AdoptionSettingsConfiguration : IEntityTypeConfiguration<AdoptionSettings>
{
    public void Configure(EntityTypeBuilder<AdoptionSettings> builder)
    {
        builder.ToTable("adoption_settings");
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.LoginEvents).HasMaxLength(1000);
        builder.Property(s => s.InactivityDaysBySegment).HasMaxLength(2000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
