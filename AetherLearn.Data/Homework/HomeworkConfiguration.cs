using AetherLearn.Core.Common;
using AetherLearn.Core.Homework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Homework;

internal sealed class HomeworkConfiguration : IEntityTypeConfiguration<HomeworkAssignment>
{
    public void Configure(EntityTypeBuilder<HomeworkAssignment> builder)
    {
        builder.ToTable("Homework");
        builder.Property(h => h.Notes).HasMaxLength(TextLimits.HomeworkNotes);
        builder.HasIndex(h => new { h.StudentId, h.DueAt });
        builder.HasIndex(h => new { h.StudentId, h.ExerciseId });
        builder.HasIndex(h => new { h.SubmittedAt, h.DueAt });
    }
}
