using AetherLearn.Core.Common;
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

internal sealed class PushDeviceConfiguration : IEntityTypeConfiguration<PushDevice>
{
    public void Configure(EntityTypeBuilder<PushDevice> builder)
    {
        builder.Property(d => d.Endpoint).HasMaxLength(TextLimits.Url);
        builder.Property(d => d.P256dh).HasMaxLength(TextLimits.PushKey);
        builder.Property(d => d.Auth).HasMaxLength(TextLimits.PushAuth);
        builder.Property(d => d.Label).HasMaxLength(TextLimits.Label);
        // One browser is one device, whoever it belongs to now.
        builder.HasIndex(d => d.Endpoint).IsUnique();
        builder.HasIndex(d => d.UserId);
    }
}

internal sealed class PushServerKeyConfiguration : IEntityTypeConfiguration<PushServerKey>
{
    public void Configure(EntityTypeBuilder<PushServerKey> builder)
    {
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.PublicKey).HasMaxLength(100);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(2000);
    }
}

internal sealed class NotificationTemplateOverrideConfiguration : IEntityTypeConfiguration<NotificationTemplateOverride>
{
    public void Configure(EntityTypeBuilder<NotificationTemplateOverride> builder)
    {
        builder.Property(o => o.TemplateKey).HasMaxLength(64);
        builder.Property(o => o.Title).HasMaxLength(TextLimits.NotificationTitle);
        builder.Property(o => o.Body).HasMaxLength(TextLimits.NotificationBody);
        builder.Property(o => o.Subject).HasMaxLength(TextLimits.EmailSubject);
        builder.Property(o => o.Html).HasMaxLength(TextLimits.EmailBody);
        builder.Property(o => o.Text).HasMaxLength(TextLimits.EmailBody);
        builder.HasIndex(o => new { o.CentreId, o.TemplateKey, o.Channel }).IsUnique();
    }
}
