using AetherLearn.Core.Notifications;

namespace AetherLearn.Web.Notifications;

/// <summary>Channel names as the pages show them.</summary>
public static class ChannelText
{
    public static string Of(NotificationChannel channel) => channel switch
    {
        NotificationChannel.InApp => "In the app",
        NotificationChannel.Email => "E-mail",
        NotificationChannel.Push => "Push",
        _ => "SMS",
    };
}
