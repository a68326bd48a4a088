using AetherLearn.Core.Progression;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Progression;

internal sealed class ContentOverrideConfiguration : IEntityTypeConfiguration<ContentOverride>
{
    public void Configure(EntityTypeBuilder<ContentOverride> builder)
    {
        builder.ToTable("ContentOverrides");
        builder.HasIndex(o => new { o.StudentId, o.CourseId, o.ClearedAt });
    }
}

internal sealed class StudentLevelConfiguration : IEntityTypeConfiguration<StudentLevel>
{
    public void Configure(EntityTypeBuilder<StudentLevel> builder)
    {
        builder.ToTable("StudentLevels");
        builder.HasIndex(l => new { l.StudentId, l.CourseId }).IsUnique();
    }
}
