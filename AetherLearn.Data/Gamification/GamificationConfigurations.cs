using AetherLearn.Core.Gamification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Gamification;

internal sealed class XpLedgerEntryConfiguration : IEntityTypeConfiguration<XpLedgerEntry>
{
    public void Configure(EntityTypeBuilder<XpLedgerEntry> builder)
    {
        builder.ToTable("XpLedger");
        builder.Property(x => x.SourceId).HasMaxLength(80);
        // The same work never pays twice, even with an event delivered twice at the same moment.
        builder.HasIndex(x => new { x.StudentId, x.Source, x.SourceId }).IsUnique();
        // Leaderboard periods and the student's history.
        builder.HasIndex(x => new { x.CentreId, x.OccurredAt });
        builder.HasIndex(x => new { x.StudentId, x.Id });
    }
}

internal sealed class StudentProgressConfiguration : IEntityTypeConfiguration<StudentProgress>
{
    public void Configure(EntityTypeBuilder<StudentProgress> builder)
    {
        builder.HasIndex(p => p.StudentId).IsUnique();
        builder.HasIndex(p => new { p.CentreId, p.TotalXp });
        // Two awards for one student at the same moment (two nodes): one saves, the other is retried with the new totals.
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class StudentBadgeConfiguration : IEntityTypeConfiguration<StudentBadge>
{
    public void Configure(EntityTypeBuilder<StudentBadge> builder)
    {
        builder.Property(b => b.BadgeKey).HasMaxLength(40);
        builder.HasIndex(b => new { b.StudentId, b.BadgeKey }).IsUnique();
    }
}

internal sealed class StudentStreakConfiguration : IEntityTypeConfiguration<StudentStreak>
{
    public void Configure(EntityTypeBuilder<StudentStreak> builder)
    {
        builder.HasIndex(s => new { s.StudentId, s.Type }).IsUnique();
        // The daily check looks for live streaks per centre.
        builder.HasIndex(s => new { s.CentreId, s.Current });
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class LeaderboardConfiguration : IEntityTypeConfiguration<Leaderboard>
{
    public void Configure(EntityTypeBuilder<Leaderboard> builder)
    {
        builder.HasIndex(b => new { b.CentreId, b.Period }).IsUnique();
        // The refresher looks for boards waiting for a recompute.
        builder.HasIndex(b => b.StaleSince);
    }
}

internal sealed class LeaderboardPlaceConfiguration : IEntityTypeConfiguration<LeaderboardPlace>
{
    public void Configure(EntityTypeBuilder<LeaderboardPlace> builder)
    {
        // The top of a board, and one student's place: each an index seek.
        builder.HasIndex(p => new { p.LeaderboardId, p.Rank }).IsUnique();
        builder.HasIndex(p => new { p.LeaderboardId, p.StudentId }).IsUnique();
        builder.HasOne<Leaderboard>().WithMany().HasForeignKey(p => p.LeaderboardId).OnDelete(DeleteBehavior.Cascade);
    }
}
