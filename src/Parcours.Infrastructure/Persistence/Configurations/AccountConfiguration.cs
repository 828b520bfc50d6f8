using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Accounts;
using Parcours.Domain.Common;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.HasKey(a => new { a.WorkspaceId, a.Id });
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(Values.MaxNameLength);
        builder.Property(a => a.Domain).HasMaxLength(253);
        builder.Property(a => a.ExternalId).HasMaxLength(Values.MaxShortText);
        builder.Property(a => a.Segment).HasMaxLength(Values.MaxShortText);
        builder.Property(a => a.Plan).HasMaxLength(Values.MaxShortText);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.ChurnNote).HasMaxLength(Values.MaxLongText);
        builder.Property(a => a.SearchText).HasMaxLength(600);
        builder.Property(a => a.Tags);
        builder.Ignore(a => a.ArrMinor);

        builder.HasMany(a => a.Stakeholders).WithOne()
            .HasForeignKey(s => new { s.WorkspaceId, s.AccountId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Stakeholders).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasOne<Domain.Workspaces.Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);

        // A re-import matches on the external id, so it must be unique among live accounts.
        builder.HasIndex(a => new { a.WorkspaceId, a.ExternalId }).IsUnique()
            .HasFilter("\"ExternalId\" IS NOT NULL AND \"DeletedAt\" IS NULL");
        builder.HasIndex(a => new { a.WorkspaceId, a.Name });
        builder.HasIndex(a => new { a.WorkspaceId, a.Domain });
        builder.HasIndex(a => new { a.WorkspaceId, a.Status, a.Segment });
        builder.HasIndex(a => new { a.WorkspaceId, a.OwnerId });
    }
}

public sealed class StakeholderConfiguration : IEntityTypeConfiguration<Stakeholder>
{
    public void Configure(EntityTypeBuilder<Stakeholder> builder)
    {
        builder.ToTable("stakeholders");
        builder.HasKey(s => new { s.WorkspaceId, s.AccountId, s.PersonId });
        builder.Property(s => s.Motivations).HasMaxLength(Values.MaxLongText);
        builder.Property(s => s.PersonalKpis).HasMaxLength(Values.MaxLongText);
        builder.HasOne<Domain.People.Person>().WithMany()
            .HasForeignKey(s => new { s.WorkspaceId, s.PersonId })
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.WorkspaceId, s.PersonId });
    }
}
