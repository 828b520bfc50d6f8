using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Surveys;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class SurveyConfiguration : IEntityTypeConfiguration<SurveyRow>
{
    public void Configure(EntityTypeBuilder<SurveyRow> builder)
    {
        builder.ToTable("surveys");
        builder.HasKey(s => new { s.WorkspaceId, s.Id });
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Key).HasMaxLength(SurveyRow.MaxKeyLength);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Definition).HasMaxLength(SurveyRow.MaxDefinitionLength);
        builder.HasIndex(s => new { s.WorkspaceId, s.Key }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class JourneyConfiguration : IEntityTypeConfiguration<JourneyRow>
{
    public void Configure(EntityTypeBuilder<JourneyRow> builder)
    {
        builder.ToTable("journeys");
        builder.HasKey(j => new { j.WorkspaceId, j.Id });
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Key).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.Definition).HasMaxLength(JourneyRow.MaxDefinitionLength);
        builder.Property(j => j.TriggerEvents).HasMaxLength(20_000);
        builder.HasIndex(j => new { j.WorkspaceId, j.Key }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(j => j.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> builder)
    {
        builder.ToTable("survey_invitations");
        builder.HasKey(i => new { i.WorkspaceId, i.Id });
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.JourneyKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(i => i.StageKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(i => i.PointKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(i => i.SurveyKey).HasMaxLength(SurveyRow.MaxKeyLength);
        builder.Property(i => i.IdempotencyKey).HasMaxLength(SurveyInvitation.MaxKeyLength);
        builder.Property(i => i.Wave).HasMaxLength(20);
        builder.HasIndex(i => new { i.WorkspaceId, i.IdempotencyKey }).IsUnique();
        // The answer page finds its invitation from the message that carried the link; the point's list by date.
        builder.HasIndex(i => new { i.WorkspaceId, i.MessageId });
        builder.HasIndex(i => new { i.WorkspaceId, i.JourneyKey, i.PointKey, i.InvitedAt });
        builder.HasIndex(i => new { i.WorkspaceId, i.PersonId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponseRow>
{
    public void Configure(EntityTypeBuilder<SurveyResponseRow> builder)
    {
        builder.ToTable("survey_responses");
        builder.HasKey(r => new { r.WorkspaceId, r.Id });
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.JourneyKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(r => r.StageKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(r => r.PointKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(r => r.SurveyKey).HasMaxLength(SurveyRow.MaxKeyLength);
        builder.Property(r => r.Segment).HasMaxLength(100);
        builder.Property(r => r.Product).HasMaxLength(100);
        builder.Property(r => r.Answers).HasMaxLength(SurveyResponseRow.MaxAnswersLength);
        builder.Property(r => r.Verbatim).HasMaxLength(SurveyResponseRow.MaxVerbatimLength);
        // One response per invitation (amended in place within the window).
        builder.HasIndex(r => new { r.WorkspaceId, r.InvitationId }).IsUnique();
        builder.HasIndex(r => new { r.WorkspaceId, r.JourneyKey, r.PointKey, r.AnsweredAt });
        builder.HasIndex(r => new { r.WorkspaceId, r.AccountId, r.AnsweredAt });
        builder.HasIndex(r => new { r.WorkspaceId, r.PersonId, r.AnsweredAt });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SurveyAggregateConfiguration : IEntityTypeConfiguration<SurveyAggregateRow>
{
    public void Configure(EntityTypeBuilder<SurveyAggregateRow> builder)
    {
        builder.ToTable("survey_aggregates");
        builder.HasKey(a => new { a.WorkspaceId, a.JourneyKey, a.StageKey, a.PointKey, a.Month, a.Measure });
        builder.Property(a => a.JourneyKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(a => a.StageKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(a => a.PointKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CallbackConfiguration : IEntityTypeConfiguration<CallbackRow>
{
    public void Configure(EntityTypeBuilder<CallbackRow> builder)
    {
        builder.ToTable("callbacks");
        builder.HasKey(c => new { c.WorkspaceId, c.Id });
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.JourneyKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(c => c.PointKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(c => c.Outcome).HasMaxLength(CallbackRow.MaxTextLength);
        builder.Property(c => c.Reasons).HasMaxLength(500);
        builder.Property(c => c.Attempts).HasMaxLength(100_000);
        builder.HasIndex(c => new { c.WorkspaceId, c.ResponseId }).IsUnique();
        // The inbox: one person's open callbacks by deadline; the account page's callbacks.
        builder.HasIndex(c => new { c.WorkspaceId, c.AssigneeId, c.ClosedAt, c.DueAt });
        builder.HasIndex(c => new { c.WorkspaceId, c.AccountId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ActionPlanConfiguration : IEntityTypeConfiguration<ActionPlanRow>
{
    public void Configure(EntityTypeBuilder<ActionPlanRow> builder)
    {
        builder.ToTable("action_plans");
        builder.HasKey(p => new { p.WorkspaceId, p.Id });
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.JourneyKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(p => p.PointKey).HasMaxLength(JourneyRow.MaxKeyLength);
        builder.Property(p => p.Title).HasMaxLength(ActionPlanRow.MaxTitleLength);
        builder.Property(p => p.Detail).HasMaxLength(ActionPlanRow.MaxDetailLength);
        builder.HasIndex(p => new { p.WorkspaceId, p.JourneyKey, p.PointKey });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
