using AetherLearn.Core.Common;
using AetherLearn.Core.Sessions;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Sessions;

internal sealed class TutoringSessionConfiguration : IEntityTypeConfiguration<TutoringSession>
{
    public void Configure(EntityTypeBuilder<TutoringSession> builder)
    {
        builder.ToTable("TutoringSessions");
        builder.Property(s => s.Title).HasMaxLength(TextLimits.Title);
        builder.Property(s => s.Room).HasMaxLength(TextLimits.Room);
        builder.Property(s => s.CancelReason).HasMaxLength(TextLimits.Reason);
        builder.Property(s => s.Summary).IsJson();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.CentreId, s.StartsAt });
        builder.HasIndex(s => new { s.TutorId, s.StartsAt });
    }
}

internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> builder)
    {
        builder.ToTable("Enrolments");
        builder.HasIndex(e => new { e.SessionId, e.StudentId });
        builder.HasIndex(e => e.StudentId);
        builder.HasOne<TutoringSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TutorNoteConfiguration : IEntityTypeConfiguration<TutorNote>
{
    public void Configure(EntityTypeBuilder<TutorNote> builder)
    {
        builder.ToTable("TutorNotes");
        builder.Property(n => n.Text).HasMaxLength(TextLimits.Note);
        builder.HasIndex(n => new { n.StudentId, n.CreatedAt });
        builder.HasOne<TutoringSession>().WithMany().HasForeignKey(n => n.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HelpRequestConfiguration : IEntityTypeConfiguration<HelpRequest>
{
    public void Configure(EntityTypeBuilder<HelpRequest> builder)
    {
        builder.ToTable("HelpRequests");
        builder.Property(h => h.Message).HasMaxLength(TextLimits.Message);
        builder.HasIndex(h => new { h.SessionId, h.Status, h.CreatedAt });
        // One raised hand per student and session at a time, even on a double click.
        builder.HasIndex(h => new { h.SessionId, h.StudentId }).IsUnique()
            .HasFilter("\"Status\" IN ('Open', 'Acknowledged')").HasDatabaseName("IX_HelpRequests_OneOpen");
        builder.HasOne<TutoringSession>().WithMany().HasForeignKey(h => h.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SocketTokenUseConfiguration : IEntityTypeConfiguration<SocketTokenUse>
{
    public void Configure(EntityTypeBuilder<SocketTokenUse> builder)
    {
        builder.ToTable("SocketTokenUses");
        // The token's own id: a second use is a key violation, at whichever node it arrives.
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.HasIndex(u => u.ExpiresAt);
    }
}
