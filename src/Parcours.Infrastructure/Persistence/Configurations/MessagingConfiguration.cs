using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Messaging;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(m => new { m.WorkspaceId, m.Id });
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasMaxLength(OutboundMessage.MaxKindLength);
        builder.Property(m => m.Source).HasMaxLength(OutboundMessage.MaxSourceLength);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(OutboundMessage.MaxKeyLength);
        builder.Property(m => m.Reason).HasMaxLength(OutboundMessage.MaxReasonLength);
        builder.Property(m => m.Detail).HasMaxLength(OutboundMessage.MaxDetailLength);
        builder.Property(m => m.ProviderReference).HasMaxLength(300);
        builder.Property(m => m.TokenHash).HasMaxLength(64);
        builder.Property(m => m.TokenSealed).HasMaxLength(1000);
        builder.Property(m => m.Data).HasMaxLength(OutboundMessage.MaxDataLength);
        builder.Property(m => m.Subject).HasMaxLength(Domain.Messaging.MessageTemplate.MaxSubjectLength);
        builder.Property(m => m.Body).HasMaxLength(Domain.Messaging.MessageTemplate.MaxBodyLength);
        builder.HasIndex(m => new { m.WorkspaceId, m.IdempotencyKey }).IsUnique();
        // The caps count a person's recent sends on a channel; the timeline lists a person's messages.
        builder.HasIndex(m => new { m.WorkspaceId, m.PersonId, m.Channel, m.SentAt });
        builder.HasIndex(m => new { m.WorkspaceId, m.PersonId, m.CreatedAt });
        // Public links (unsubscribe, tracked links, status callbacks) find their message by token alone (ADR 8).
        builder.HasIndex(m => m.TokenHash).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MessageLinkConfiguration : IEntityTypeConfiguration<MessageLink>
{
    public void Configure(EntityTypeBuilder<MessageLink> builder)
    {
        builder.ToTable("message_links");
        builder.HasKey(l => new { l.WorkspaceId, l.MessageId, l.Position });
        builder.Property(l => l.Url).HasMaxLength(MessageLink.MaxUrlLength);
        builder.HasOne<OutboundMessage>().WithMany().HasForeignKey(l => new { l.WorkspaceId, l.MessageId }).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContactOptOutConfiguration : IEntityTypeConfiguration<ContactOptOut>
{
    public void Configure(EntityTypeBuilder<ContactOptOut> builder)
    {
        builder.ToTable("contact_opt_outs");
        builder.HasKey(o => new { o.WorkspaceId, o.PersonId, o.Channel });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(o => o.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MessageTemplateRowConfiguration : IEntityTypeConfiguration<MessageTemplateRow>
{
    public void Configure(EntityTypeBuilder<MessageTemplateRow> builder)
    {
        builder.ToTable("message_templates");
        builder.HasKey(t => new { t.WorkspaceId, t.Id });
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(MessageTemplateRow.MaxNameLength);
        builder.Property(t => t.Variants).HasMaxLength(4 * Domain.Messaging.MessageTemplate.MaxBodyLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Name }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SolicitationSettingConfiguration : IEntityTypeConfiguration<SolicitationSetting>
{
    public void Configure(EntityTypeBuilder<SolicitationSetting> builder)
    {
        builder.ToTable("solicitation_settings");
        builder.HasKey(s => new { s.WorkspaceId, s.Channel });
        builder.Property(s => s.Blackouts).HasMaxLength(20_000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class TeamTaskConfiguration : IEntityTypeConfiguration<TeamTask>
{
    public void Configure(EntityTypeBuilder<TeamTask> builder)
    {
        builder.ToTable("team_tasks");
        builder.HasKey(t => new { t.WorkspaceId, t.Id });
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Title).HasMaxLength(TeamTask.MaxTitleLength);
        builder.Property(t => t.Note).HasMaxLength(TeamTask.MaxNoteLength);
        builder.Property(t => t.Outcome).HasMaxLength(TeamTask.MaxOutcomeLength);
        builder.Property(t => t.Source).HasMaxLength(OutboundMessage.MaxSourceLength);
        builder.Property(t => t.IdempotencyKey).HasMaxLength(OutboundMessage.MaxKeyLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.IdempotencyKey }).IsUnique();
        // An inbox: one assignee's open tasks by due date.
        builder.HasIndex(t => new { t.WorkspaceId, t.AssigneeId, t.Status, t.DueAt });
        builder.HasIndex(t => new { t.WorkspaceId, t.PersonId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.HasKey(e => new { e.WorkspaceId, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.Property(e => e.SecretSealed).HasMaxLength(1000);
        builder.Property(e => e.EventTypes).HasMaxLength(WebhookEndpoint.MaxEventsLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => new { d.WorkspaceId, d.Id });
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.EventType).HasMaxLength(WebhookDelivery.MaxTypeLength);
        builder.Property(d => d.Body).HasMaxLength(WebhookDelivery.MaxBodyLength);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasIndex(d => new { d.WorkspaceId, d.EndpointId, d.CreatedAt });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => new { d.WorkspaceId, d.EndpointId }).OnDelete(DeleteBehavior.Cascade);
    }
}
