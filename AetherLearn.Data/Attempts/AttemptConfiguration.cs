using AetherLearn.Core.Attempts;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Attempts;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("Attempts");
        builder.Property(a => a.Answers).IsJson();
        builder.Property(a => a.Results).IsJson();
        // Two racing writers (autosaves, double submit) cannot both win: the loser re-reads and decides again.
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Property(a => a.Points).HasPrecision(9, 2);
        builder.HasIndex(a => new { a.StudentId, a.ExerciseId, a.Status });
        // At most one open attempt per student and exercise, even when two tabs start at once.
        builder.HasIndex(a => new { a.StudentId, a.ExerciseId }).IsUnique().HasFilter("\"Status\" = 'InProgress'").HasDatabaseName("IX_Attempts_OneOpen");
        builder.HasIndex(a => new { a.StudentId, a.CourseId });
        builder.HasIndex(a => new { a.StudentId, a.StartedAt });
    }
}

internal sealed class AnswerReleaseConfiguration : IEntityTypeConfiguration<AnswerRelease>
{
    public void Configure(EntityTypeBuilder<AnswerRelease> builder)
    {
        builder.ToTable("AnswerReleases");
        // One release per student and exercise: two tutors releasing at once leave one row.
        builder.HasIndex(r => new { r.StudentId, r.ExerciseId }).IsUnique();
    }
}
