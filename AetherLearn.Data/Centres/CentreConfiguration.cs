using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Centres;

internal sealed class CentreConfiguration : IEntityTypeConfiguration<Centre>
{
    public void Configure(EntityTypeBuilder<Centre> builder)
    {
        builder.ToTable("Centres");
        builder.Property(c => c.Name).HasMaxLength(120);
        builder.Property(c => c.Slug).HasMaxLength(60);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.TimeZone).HasMaxLength(TextLimits.TimeZone);
        builder.Property(c => c.Currency).HasMaxLength(TextLimits.Currency);
        builder.Property(c => c.Config).IsJson();
    }
}
