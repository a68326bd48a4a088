using System.Globalization;
using System.Text.Json;
using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Sessions;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Core.Notifications;

internal sealed class NotificationRouter(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    IPeopleDirectory people,
    ISessionFacts sessions,
    IAttemptQueries attempts,
    IExerciseCatalog catalog,
    IHomeworkQueries homework,
    ICentreService centres,
    NotificationTemplates templates,
    INotificationPublisher publisher,
    IDeliverySignal deliveries,
    TimeProvider clock,
    ICentreFeatures features) : INotifyPeople
{
    public const string HandlerPrefix = "notifications.";

    public static void Register(EventHandlerRegistry registry)
    {
        foreach (var type in NotificationRoutes.RoutedEventTypes)
        {
            registry.OnEvent(type, HandlerPrefix + type, (e, services, ct) => services.GetRequiredService<NotificationRouter>().RouteAsync(e, ct));
        }
    }

    private sealed record Recipient(Guid UserId, string Name, Role Role, Guid? StudentId);

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
        var data = await FactsAsync(e, subject, centre, zone, ct);
        await using var db = dbFactory.Create<INotificationsDb>();
        var made = new List<Notification>();
        foreach (var route in routes)
        {
            var recipients = (await RecipientsAsync(route.Audience, subject, data, ct)).DistinctBy(r => (r.UserId, r.StudentId)).ToList();
            made.AddRange(await PlanAsync(db, e.Id, route.TemplateKey, route.Category, recipients, data, zone, email: true, ct));
        }
        await SaveAndPublishAsync(db, made, ct);
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
        await SaveAndPublishAsync(db, await PlanAsync(db, sourceId, templateKey, category, recipients, values, zone, email, ct), ct);
    }

    private static TimeZoneInfo Zone(CentreSummary? centre) => TimeZoneInfo.FindSystemTimeZoneById(centre?.TimeZone ?? "UTC");

    /// <summary>
    /// One notification per recipient (unless every channel they could get it on is off), with its e-mail delivery and,
    /// when they have a device with push on, its push delivery; both wait through the recipient's quiet hours.
    /// </summary>
    private async Task<List<Notification>> PlanAsync(INotificationsDb db, Guid sourceId, string templateKey, NotificationCategory category,
        IReadOnlyList<Recipient> recipients, IReadOnlyDictionary<string, object?> data, TimeZoneInfo zone, bool email, CancellationToken ct)
    {
        var now = clock.UtcNowForStorage();
        var ids = recipients.Select(r => r.UserId).Distinct().ToList();
        var done = (await db.Notifications.Where(n => n.SourceEventId == sourceId && n.TemplateKey == templateKey).Select(n => n.UserId).ToListAsync(ct)).ToHashSet();
        var modes = await db.NotificationPreferences.Where(p => ids.Contains(p.UserId) && p.Category == category).ToListAsync(ct);
        var quiet = await db.NotificationSettings.Where(q => ids.Contains(q.UserId)).ToDictionaryAsync(q => q.UserId, ct);
        var withDevices = (await db.PushDevices.Where(d => ids.Contains(d.UserId)).Select(d => d.UserId).Distinct().ToListAsync(ct)).ToHashSet();
        // The centre's own wording, where it has one (the context is the event's centre).
        var wording = (await db.NotificationTemplateOverrides.AsNoTracking().Where(o => o.TemplateKey == templateKey).ToListAsync(ct))
            .ToDictionary(o => o.Channel, o => o.AsTemplate());
        DeliveryMode Mode(Guid user, NotificationChannel channel) => modes.FirstOrDefault(m => m.UserId == user && m.Channel == channel)?.Mode ?? DeliveryMode.On;
        RenderedMessage? Render(NotificationChannel channel, IReadOnlyDictionary<string, object?> values)
        {
            if (wording.GetValueOrDefault(channel) is { } own)
            {
                // Wording that cannot be filled in for these values must not cost anyone the message: the standard one is used.
                try { return templates.Render(templateKey, channel, values, own); }
                catch (Exception ex) when (ex is not OperationCanceledException) { }
            }
            return templates.Render(templateKey, channel, values);
        }
        var made = new List<Notification>();
        // A parent of two children in one lesson gets one notification naming both.
        foreach (var group in recipients.GroupBy(r => r.UserId))
        {
            var recipient = group.First();
            if (done.Contains(recipient.UserId)) { continue; }
            var inApp = Mode(recipient.UserId, NotificationChannel.InApp);
            var mailMode = email ? Mode(recipient.UserId, NotificationChannel.Email) : DeliveryMode.Off;
            var pushMode = withDevices.Contains(recipient.UserId) ? Mode(recipient.UserId, NotificationChannel.Push) : DeliveryMode.Off;
            if (inApp == DeliveryMode.Off && mailMode == DeliveryMode.Off && pushMode == DeliveryMode.Off) { continue; }
            // toStudent lets one wording speak to the student ("You earned…") and about them to their parents.
            var values = new Dictionary<string, object?>(data) { ["recipientName"] = recipient.Name, ["toStudent"] = recipient.UserId == recipient.StudentId };
            if (data.GetValueOrDefault("studentNames") is IReadOnlyDictionary<Guid, string> names
                && group.Select(r => r.StudentId).OfType<Guid>().Select(names.GetValueOrDefault).OfType<string>().Order().ToList() is { Count: > 0 } children)
            {
                values["studentName"] = string.Join(" and ", children);
            }
            var message = Render(NotificationChannel.InApp, values) ?? throw new InvalidOperationException($"No in-app template for {templateKey}");
            var notification = new Notification
            {
                UserId = recipient.UserId, Category = category, TemplateKey = templateKey, Title = Cut(message.Title, 200), Body = Cut(message.Body, 1000),
                Link = LinkFor(recipient.Role), SourceEventId = sourceId, CreatedAt = now, Hidden = inApp == DeliveryMode.Off,
            };
            db.Notifications.Add(notification);
            made.Add(notification);
            done.Add(recipient.UserId);
            var settings = quiet.GetValueOrDefault(recipient.UserId);
            var heldUntil = QuietHours.EndsAt(now, zone, settings?.QuietFrom, settings?.QuietTo);
            NotificationDelivery Delivery(NotificationChannel channel, DeliveryMode mode, string subject, string text, string? html) => new()
            {
                NotificationId = notification.Id, UserId = recipient.UserId, Channel = channel, CreatedAt = now,
                State = mode == DeliveryMode.Digest ? DeliveryState.Digest : heldUntil is null ? DeliveryState.Pending : DeliveryState.Held,
                NextAttemptAt = heldUntil ?? now, Subject = Cut(subject, 300), TextBody = text, HtmlBody = html,
            };
            if (mailMode != DeliveryMode.Off && Render(NotificationChannel.Email, values) is { } mail)
            {
                db.NotificationDeliveries.Add(Delivery(NotificationChannel.Email, mailMode, mail.Subject ?? mail.Title, mail.Text ?? mail.Body, mail.Html));
            }
            if (pushMode == DeliveryMode.On && Render(NotificationChannel.Push, values) is { } push)
            {
                db.NotificationDeliveries.Add(Delivery(NotificationChannel.Push, pushMode, push.Title, Cut(push.Body, 500), null));
            }
        }
        return made;
    }

    private async Task SaveAndPublishAsync(INotificationsDb db, List<Notification> made, CancellationToken ct)
    {
        if (made.Count == 0) { return; }
        await db.SaveChangesAsync(ct);
        deliveries.Wake();
        foreach (var n in made.Where(n => !n.Hidden)) { publisher.Published(n.UserId, NotificationService.View(n)); }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Where the notification leads: the recipient's own home, where the matter shows.</summary>
    private static string LinkFor(Role role) => role switch
    {
        Role.Student => "/student",
        Role.Parent => "/parent",
        Role.Teacher or Role.Assessor => "/tutor",
        _ => "/notifications",
    };

    private async Task<List<Recipient>> RecipientsAsync(Audience audience, EventSubject subject, Dictionary<string, object?> data, CancellationToken ct)
    {
        var list = new List<Recipient>();
        var student = data.GetValueOrDefault("studentId") as Guid?;
        if (audience.HasFlag(Audience.Student) && student is { } s && (await people.FindAsync([s], ct)).GetValueOrDefault(s) is { IsActive: true } person)
        {
            list.Add(new Recipient(person.Id, person.Name, person.Role, s));
        }
        var children = audience.HasFlag(Audience.SessionParents) ? data.GetValueOrDefault("sessionStudents") as IReadOnlyList<Guid> ?? []
            : audience.HasFlag(Audience.Parents) && student is { } one ? [one] : [];
        if (children.Count > 0)
        {
            foreach (var (child, parents) in await people.ParentsOfAsync(children, ct))
            {
                list.AddRange(parents.Select(p => new Recipient(p.Id, p.Name, p.Role, child)));
            }
        }
        if (audience.HasFlag(Audience.HomeworkSetter) && data.GetValueOrDefault("setterId") is Guid setter
            && (await people.FindAsync([setter], ct)).GetValueOrDefault(setter) is { IsActive: true } tutor)
        {
            list.Add(new Recipient(tutor.Id, tutor.Name, tutor.Role, student));
        }
        if (audience.HasFlag(Audience.Supervisors))
        {
            list.AddRange((await people.WithRolesAsync([Role.Supervisor, Role.CentreAdmin], ct)).Select(p => new Recipient(p.Id, p.Name, p.Role, null)));
        }
        if (audience.HasFlag(Audience.NamedParent) && subject.ParentId is { } parentId
            && (await people.FindAsync([parentId], ct)).GetValueOrDefault(parentId) is { IsActive: true, Role: Role.Parent } parent)
        {
            list.Add(new Recipient(parent.Id, parent.Name, parent.Role, null));
        }
        return list;
    }

    /// <summary>The values templates use, gathered once per event from the payload and the modules that own the data.</summary>
    private async Task<Dictionary<string, object?>> FactsAsync(DomainEvent e, EventSubject subject, CentreSummary? centre, TimeZoneInfo zone, CancellationToken ct)
    {
        var p = e.Payload;
        string Local(DateTime utc, string format) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString(format, CultureInfo.GetCultureInfo("en-GB"));
        var data = new Dictionary<string, object?>
        {
            ["centreName"] = centre?.Name, ["time"] = Local(e.Metadata.Timestamp, "HH:mm"), ["date"] = Local(e.Metadata.Timestamp, "dddd d MMMM"),
        };
        foreach (var property in p.EnumerateObject())
        {
            data[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetDecimal(),
                JsonValueKind.True or JsonValueKind.False => property.Value.GetBoolean(),
                _ => property.Value.ToString(),
            };
        }
        Readable(e.Type, data, centre?.Currency, utc => Local(utc, "HH:mm"));
        Guid? student = subject.StudentId;
        Guid? exercise = subject.ExerciseId;
        if (subject.AttemptId is { } attemptId && await attempts.FindAsync(attemptId, ct) is { } attempt)
        {
            student ??= attempt.StudentId;
            exercise ??= attempt.ExerciseId;
            data.TryAdd("score", attempt.ScorePercent);
        }
        if (subject.HomeworkId is { } homeworkId && await homework.FindAsync(homeworkId, ct) is { } hw)
        {
            student ??= hw.StudentId;
            exercise ??= hw.ExerciseId;
            data["setterId"] = hw.AssignedBy;
            data["dueDate"] = Local(hw.DueAt, "ddd d MMM HH:mm");
        }
        if (data.GetValueOrDefault("dueDate") is string due && DateTime.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dueUtc)
            && due.Contains('T'))
        {
            data["dueDate"] = Local(dueUtc, "ddd d MMM HH:mm");
        }
        if (exercise is { } exerciseId && await catalog.FindAsync(exerciseId, ct) is { } content)
        {
            data["exerciseName"] = content.Title;
            data["courseName"] = (await catalog.CourseTitlesAsync([content.CourseId], ct)).GetValueOrDefault(content.CourseId);
        }
        if (subject.CourseId is { } courseId) { data["courseName"] = (await catalog.CourseTitlesAsync([courseId], ct)).GetValueOrDefault(courseId); }
        if (subject.SessionId is { } sessionId && await sessions.FindAsync(sessionId, ct) is { } session)
        {
            data["sessionName"] = session.Title;
            data["date"] = Local(session.StartsAt, "dddd d MMMM");
            data["sessionStudents"] = session.StudentIds;
            data["studentNames"] = (await people.FindAsync(session.StudentIds, ct)).ToDictionary(x => x.Key, x => x.Value.Name);
        }
        if (subject.Summary is { } summary) { data["exercisesCompleted"] = summary.ExercisesCompleted; }
        if (student is { } studentId)
        {
            data["studentId"] = studentId;
            data["studentName"] = (await people.FindAsync([studentId], ct)).GetValueOrDefault(studentId)?.Name;
        }
        return data;
    }

    /// <summary>Payload values as a parent reads them: codes in words, money in the centre's currency, instants in its time.</summary>
    private static void Readable(string eventType, Dictionary<string, object?> data, string? currency, Func<DateTime, string> localTime)
    {
        foreach (var key in (string[])["category", "streakType", "badgeType"])
        {
            if (data.GetValueOrDefault(key) is string { Length: > 0 } code && code == code.ToUpperInvariant())
            {
                data[key] = code.Replace('_', ' ').ToLowerInvariant();
            }
        }
        if (data.GetValueOrDefault("amount") is decimal amount) { data["amount"] = Money.Format(amount, currency); }
        // Check-in and check-out carry the instant; the template says the time of day.
        if (data.GetValueOrDefault("time") is string time && time.Contains('T')
            && DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            data["time"] = localTime(instant);
        }
        // "1 day" or "3 days": a template cannot choose the plural itself.
        if (data.GetValueOrDefault("daysPastDue") is decimal days) { data["overdueBy"] = days == 1 ? "1 day" : $"{days:0} days"; }
        // level.up calls it "title", which would read as the notification's own title in a template.
        if (eventType == EventTypes.LevelUp && data.GetValueOrDefault("title") is string levelTitle) { data["levelTitle"] = levelTitle; }
    }
}
