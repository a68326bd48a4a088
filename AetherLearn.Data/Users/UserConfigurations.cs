using AetherLearn.Core.Common;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Users;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.ToTable("Users");
        builder.Property(u => u.DisplayName).HasMaxLength(TextLimits.Name);
        // The e-mail is the sign-in name, so it is unique across every centre.
        builder.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName("IX_Users_NormalizedEmail_Unique");
        builder.HasIndex(u => new { u.CentreId, u.Role });
    }
}

internal sealed class StudentProfileConfiguration : IEntityTypeConfiguration<StudentProfile>
{
    public void Configure(EntityTypeBuilder<StudentProfile> builder)
    {
        builder.ToTable("StudentProfiles");
        builder.HasIndex(p => p.StudentId).IsUnique();
        builder.HasIndex(p => p.CentreId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.StudentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.SchoolYear).HasMaxLength(TextLimits.SchoolYear);
        builder.Property(p => p.SchoolName).HasMaxLength(TextLimits.Name);
        builder.Property(p => p.Notes).HasMaxLength(TextLimits.Note);
    }
}

internal sealed class ParentChildLinkConfiguration : IEntityTypeConfiguration<ParentChildLink>
{
    public void Configure(EntityTypeBuilder<ParentChildLink> builder)
    {
        builder.ToTable("ParentChildLinks");
        builder.HasIndex(l => new { l.ParentId, l.StudentId }).IsUnique();
        builder.HasIndex(l => l.StudentId);
        builder.HasIndex(l => l.CentreId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.StudentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasIndex(s => s.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(400);
    }
}
