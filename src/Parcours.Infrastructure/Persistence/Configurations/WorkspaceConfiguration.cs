using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parcours.Domain.Common;
using Parcours.Domain.Workspaces;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Imports;

namespace Parcours.Infrastructure.Persistence.Configurations;

public sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.ToTable("workspaces");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Name).HasMaxLength(Values.MaxNameLength);
    }
}

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(Values.MaxShortText);
        builder.Property(u => u.Locale).HasMaxLength(5);
        builder.Ignore(u => u.TypedId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(u => u.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => new { u.WorkspaceId, u.DisplayName });
    }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => new { k.WorkspaceId, k.Id });
        builder.Property(k => k.Name).HasMaxLength(Values.MaxShortText);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.Role).HasMaxLength(16);
        builder.Ignore(k => k.IsActive);
        // Authentication finds the key by its public prefix before it knows the workspace.
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("invitations");
        builder.HasKey(i => new { i.WorkspaceId, i.Id });
        builder.Property(i => i.Email).HasMaxLength(254);
        builder.Property(i => i.Role).HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.WorkspaceId, i.Email });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("import_jobs");
        builder.HasKey(j => new { j.WorkspaceId, j.Id });
        builder.Property(j => j.FileName).HasMaxLength(260);
        builder.Property(j => j.EncodingName).HasMaxLength(32);
        builder.Property(j => j.Delimiter).HasMaxLength(1);
        builder.Property(j => j.FailureMessage).HasMaxLength(Values.MaxLongText);
        builder.HasIndex(j => new { j.WorkspaceId, j.CreatedAt });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(j => j.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
