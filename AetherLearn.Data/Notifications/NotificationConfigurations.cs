using AetherLearn.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.TemplateKey).HasMaxLength(64);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(1000);
        builder.Property(n => n.Link).HasMaxLength(300);
        // A redelivered event makes no second notification for the same person and template.
        builder.HasIndex(n => new { n.SourceEventId, n.UserId, n.TemplateKey }).IsUnique();
        builder.HasIndex(n => new { n.UserId, n.Id });
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder) =>
        builder.HasIndex(p => new { p.UserId, p.Category, p.Channel }).IsUnique();
}

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettings>
{
    public void Configure(EntityTypeBuilder<NotificationSettings> builder) => builder.HasIndex(s => s.UserId).IsUnique();
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.Property(d => d.Subject).HasMaxLength(300);
        // The sender looks for due work in every centre.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => d.NotificationId);
    }
}
