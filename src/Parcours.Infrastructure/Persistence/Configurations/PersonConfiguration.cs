using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Common;
using Parcours.Domain.People;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.HasKey(p => new { p.WorkspaceId, p.Id });
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.FirstName).HasMaxLength(Values.MaxShortText);
        builder.Property(p => p.LastName).HasMaxLength(Values.MaxShortText);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Phone).HasMaxLength(20);
        builder.Property(p => p.JobTitle).HasMaxLength(Values.MaxShortText);
        builder.Property(p => p.Locale).HasMaxLength(5);
        builder.Property(p => p.TimeZone).HasMaxLength(64);
        builder.Property(p => p.ExternalId).HasMaxLength(Values.MaxShortText);
        builder.Property(p => p.SearchText).HasMaxLength(600);
        builder.Ignore(p => p.FullName);
        builder.ComplexProperty(p => p.Consent, consent =>
        {
            consent.Property(c => c.Email).HasColumnName("ConsentEmail");
            consent.Property(c => c.Sms).HasColumnName("ConsentSms");
            consent.Property(c => c.Voice).HasColumnName("ConsentVoice");
            consent.Property(c => c.InApp).HasColumnName("ConsentInApp");
        });

        builder.HasOne<Domain.Workspaces.Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);

        // People are matched on email by imports and sign-up flows; one live person per address.
        builder.HasIndex(p => new { p.WorkspaceId, p.Email }).IsUnique()
            .HasFilter("\"Email\" IS NOT NULL AND \"DeletedAt\" IS NULL");
        builder.HasIndex(p => new { p.WorkspaceId, p.ExternalId }).IsUnique()
            .HasFilter("\"ExternalId\" IS NOT NULL AND \"DeletedAt\" IS NULL");
        builder.HasIndex(p => new { p.WorkspaceId, p.LastName, p.FirstName });
    }
}
