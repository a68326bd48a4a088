using AetherLearn.Core.Common;
using AetherLearn.Core.Content;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Content;

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.ToTable("Courses");
        builder.Property(c => c.Key).HasMaxLength(TextLimits.Key);
        builder.Property(c => c.Title).HasMaxLength(TextLimits.Title);
        builder.Property(c => c.Description).HasMaxLength(TextLimits.Description);
        builder.HasIndex(c => new { c.CentreId, c.Key }).IsUnique();
    }
}

internal sealed class CourseLevelConfiguration : IEntityTypeConfiguration<CourseLevel>
{
    public void Configure(EntityTypeBuilder<CourseLevel> builder)
    {
        builder.ToTable("CourseLevels");
        builder.Property(l => l.Title).HasMaxLength(TextLimits.Title);
        builder.HasIndex(l => new { l.CourseId, l.Number }).IsUnique();
        builder.HasOne<Course>().WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("Units");
        builder.Property(u => u.Title).HasMaxLength(TextLimits.Title);
        builder.HasIndex(u => new { u.LevelId, u.Order });
        builder.HasOne<CourseLevel>().WithMany().HasForeignKey(u => u.LevelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.ToTable("Lessons");
        builder.Property(l => l.Title).HasMaxLength(TextLimits.Title);
        builder.HasIndex(l => new { l.UnitId, l.Order });
        builder.HasOne<Unit>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExerciseConfiguration : IEntityTypeConfiguration<Exercise>
{
    public void Configure(EntityTypeBuilder<Exercise> builder)
    {
        builder.ToTable("Exercises");
        builder.Property(e => e.Title).HasMaxLength(TextLimits.ExerciseTitle);
        builder.Property(e => e.Instructions).HasMaxLength(TextLimits.Description);
        builder.Property(e => e.Questions).IsJson();
        builder.HasIndex(e => e.LessonId);
        // Sequencing walks a course level in order.
        builder.HasIndex(e => new { e.CourseId, e.LevelNumber, e.Sequence });
        builder.HasOne<Lesson>().WithMany().HasForeignKey(e => e.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}
