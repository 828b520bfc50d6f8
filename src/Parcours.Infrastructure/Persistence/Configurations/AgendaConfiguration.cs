using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Agenda;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("agenda_items");
        builder.HasKey(i => new { i.WorkspaceId, i.Id });
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Kind).HasMaxLength(AgendaItem.MaxKindLength);
        builder.Property(i => i.SubjectId).HasMaxLength(AgendaItem.MaxSubjectLength);
        builder.Property(i => i.Payload).HasMaxLength(AgendaItem.MaxPayloadLength);
        builder.Property(i => i.IdempotencyKey).HasMaxLength(AgendaItem.MaxKeyLength);
        builder.Property(i => i.LeaseOwner).HasMaxLength(AgendaItem.MaxOwnerLength);
        builder.Property(i => i.LastError).HasMaxLength(AgendaItem.MaxErrorLength);
        // Scheduling the same thing twice is a no-op: the insert is ON CONFLICT DO NOTHING on this index.
        builder.HasIndex(i => new { i.WorkspaceId, i.IdempotencyKey }).IsUnique();
        // The claim and the expired-lease sweep serve every workspace, so these two lead with the status, not the
        // workspace (ADR 7): a claim is a range scan that stops after the batch.
        builder.HasIndex(i => new { i.Status, i.DueAt });
        builder.HasIndex(i => new { i.Status, i.LeaseUntil });
        // The admin page: one workspace's counts, parked items and upcoming items.
        builder.HasIndex(i => new { i.WorkspaceId, i.Status, i.DueAt });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AgendaEffectConfiguration : IEntityTypeConfiguration<AgendaEffect>
{
    public void Configure(EntityTypeBuilder<AgendaEffect> builder)
    {
        builder.ToTable("agenda_effects");
        builder.HasKey(e => new { e.WorkspaceId, e.Key });
        builder.Property(e => e.Key).HasMaxLength(AgendaItem.MaxKeyLength + 50);
        builder.Property(e => e.Channel).HasMaxLength(50);
        builder.Property(e => e.Reference).HasMaxLength(300);
        builder.HasIndex(e => new { e.WorkspaceId, e.ItemId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
