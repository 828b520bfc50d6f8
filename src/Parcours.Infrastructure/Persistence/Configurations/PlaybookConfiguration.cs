using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Playbooks;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class PlaybookVersionConfiguration : IEntityTypeConfiguration<PlaybookVersionRow>
{
    public void Configure(EntityTypeBuilder<PlaybookVersionRow> builder)
    {
        builder.ToTable("playbook_versions");
        builder.HasKey(v => new { v.WorkspaceId, v.Id });
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Key).HasMaxLength(PlaybookVersionRow.MaxKeyLength);
        builder.Property(v => v.Name).HasMaxLength(PlaybookVersionRow.MaxNameLength);
        builder.Property(v => v.TriggerEvent).HasMaxLength(200);
        builder.Property(v => v.EventNames).HasMaxLength(20_000);
        builder.Property(v => v.Definition).HasMaxLength(PlaybookVersionRow.MaxDefinitionLength);
        builder.Property(v => v.StepTemplates).HasMaxLength(20_000);
        builder.HasIndex(v => new { v.WorkspaceId, v.Key, v.Version }).IsUnique();
        // An event's trigger lookup: the published versions it enrols into.
        builder.HasIndex(v => new { v.WorkspaceId, v.Status, v.TriggerEvent });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(v => v.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EnrolmentConfiguration : IEntityTypeConfiguration<EnrolmentRow>
{
    public void Configure(EntityTypeBuilder<EnrolmentRow> builder)
    {
        builder.ToTable("enrolments");
        builder.HasKey(e => new { e.WorkspaceId, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.PlaybookKey).HasMaxLength(PlaybookVersionRow.MaxKeyLength);
        builder.Property(e => e.TimeZone).HasMaxLength(64);
        builder.Property(e => e.Source).HasMaxLength(EnrolmentRow.MaxSourceLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(EnrolmentRow.MaxKeyLength);
        builder.HasIndex(e => new { e.WorkspaceId, e.IdempotencyKey }).IsUnique();
        // The overview counts running enrolments per playbook and status; a subject's page lists its enrolments.
        builder.HasIndex(e => new { e.WorkspaceId, e.PlaybookKey, e.State, e.Progress });
        builder.HasIndex(e => new { e.WorkspaceId, e.PersonId });
        builder.HasIndex(e => new { e.WorkspaceId, e.AccountId });
        builder.HasOne<PlaybookVersionRow>().WithMany().HasForeignKey(e => new { e.WorkspaceId, e.PlaybookVersionId }).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class EnrolmentFactConfiguration : IEntityTypeConfiguration<EnrolmentFact>
{
    public void Configure(EntityTypeBuilder<EnrolmentFact> builder)
    {
        builder.ToTable("enrolment_facts");
        builder.HasKey(f => new { f.WorkspaceId, f.EnrolmentId, f.Kind, f.Key });
        builder.Property(f => f.Key).HasMaxLength(EnrolmentFact.MaxKeyLength);
        builder.Property(f => f.Note).HasMaxLength(EnrolmentFact.MaxNoteLength);
        builder.HasOne<EnrolmentRow>().WithMany().HasForeignKey(f => new { f.WorkspaceId, f.EnrolmentId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequestRow>
{
    public void Configure(EntityTypeBuilder<ApprovalRequestRow> builder)
    {
        builder.ToTable("approval_requests");
        builder.HasKey(a => new { a.WorkspaceId, a.Id });
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Title).HasMaxLength(ApprovalRequestRow.MaxTitleLength);
        builder.Property(a => a.Detail).HasMaxLength(ApprovalRequestRow.MaxDetailLength);
        builder.Property(a => a.Comment).HasMaxLength(ApprovalRequestRow.MaxCommentLength);
        builder.Property(a => a.Chain).HasMaxLength(1_000);
        builder.Property(a => a.History).HasMaxLength(20_000);
        builder.HasIndex(a => new { a.WorkspaceId, a.AccountId, a.Status });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
