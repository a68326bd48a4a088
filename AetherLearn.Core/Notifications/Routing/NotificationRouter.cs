using System.Globalization;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Notifications.Routing;

/// <summary>
/// Turns routed catalogue events (<see cref="NotificationRoutes"/>) into notifications: for one event it gathers the
/// facts once (<see cref="EventFactsGatherer"/>), resolves each route's recipients from them (<see cref="EventRecipients"/>)
/// and plans their deliveries (<see cref="DeliveryPlanner"/>). It works from the stored event (catalogue name and payload)
/// because it serves every module's events from one table, including those of modules that have no record yet.
/// </summary>
internal sealed class NotificationRouter(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IPeopleDirectory people,
    ICentreService centres,
    ICentreFeatures features,
    EventFactsGatherer facts,
    DeliveryPlanner planner,
    TimeProvider clock) : INotifyPeople
{
    public const string HandlerPrefix = "notifications.";

    public static void Register(EventHandlerRegistry registry)
    {
        foreach (var type in NotificationRoutes.RoutedEventTypes)
        {
            registry.OnEvent(type, HandlerPrefix + type, (e, services, ct) => services.GetRequiredService<NotificationRouter>().RouteAsync(e, ct));
        }
    }

    public async Task RouteAsync(DomainEvent e, CancellationToken ct)
    {
        var subject = EventSubject.Of(e.Payload);
        var routes = NotificationRoutes.For(e.Type).Where(r => r.Applies(subject)).ToList();
        if (routes.Count == 0 || e.Metadata.CentreId is not { } centreId) { return; }
        // A category whose module the centre has switched off says nothing (badges, levels, streaks; homework).
        var on = await features.OnAsync(centreId, ct);
        routes = routes.Where(r => NotificationRoutes.FeatureOf(r.Category) is not { } feature || on.Contains(feature)).ToList();
        if (routes.Count == 0) { return; }
        var centre = await centres.FindSummaryAsync(centreId, ct);
        var zone = Zone(centre);
        var known = await facts.GatherAsync(e, subject, centre, zone, ct);
        var recipients = new EventRecipients(people, known);
        await using var db = dbFactory.Create<INotificationsDb>();
        var made = new List<Notification>();
        foreach (var route in routes)
        {
            made.AddRange(await planner.PlanAsync(db, e.Id, route.TemplateKey, route.Category, await recipients.ForAsync(route.Audience, ct), known.Values, zone, email: true, ct));
        }
        await planner.SaveAndPublishAsync(db, made, ct);
    }

    /// <summary>
    /// Notifications that come from no catalogue event (a raised hand for the session's tutor): the same templates,
    /// preferences and channels; <paramref name="sourceId"/> makes a repeat harmless.
    /// </summary>
    public async Task NotifyAsync(Guid sourceId, string templateKey, NotificationCategory category, IReadOnlyCollection<Guid> userIds,
        IReadOnlyDictionary<string, object?> data, bool email, CancellationToken ct)
    {
        if (userIds.Count == 0 || currentUser.CentreId is not { } centreId) { return; }
        var centre = await centres.FindSummaryAsync(centreId, ct);
        var zone = Zone(centre);
        var found = await people.FindAsync(userIds, ct);
        var recipients = found.Values.Where(p => p.IsActive).Select(p => new Recipient(p.Id, p.Name, p.Role, null)).ToList();
        var values = new Dictionary<string, object?>(data)
        {
            ["centreName"] = centre?.Name,
            ["time"] = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone).ToString("HH:mm", CultureInfo.GetCultureInfo("en-GB")),
            ["date"] = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone).ToString("dddd d MMMM", CultureInfo.GetCultureInfo("en-GB")),
        };
        await using var db = dbFactory.Create<INotificationsDb>();
        await planner.SaveAndPublishAsync(db, await planner.PlanAsync(db, sourceId, templateKey, category, recipients, values, zone, email, ct), ct);
    }

    private static TimeZoneInfo Zone(CentreSummary? centre) => TimeZoneInfo.FindSystemTimeZoneById(centre?.TimeZone ?? "UTC");
}
