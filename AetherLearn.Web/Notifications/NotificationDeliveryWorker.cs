using System.Net;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Integrations;
using AetherLearn.Core.Notifications;
using AetherLearn.Core.Users;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Notifications;

/// <summary>Wakes the sender after deliveries were planned.</summary>
internal sealed class DeliverySignal(ILiveBus bus) : WakeSignal(bus, "notifications.deliveries"), IDeliverySignal;

/// <summary>
/// Sends due e-mail and push deliveries (held ones once quiet hours end), each on its own: one failing message, recipient or
/// channel never holds up the others; failures are retried with backoff and end up in the admins' list.
/// </summary>
internal sealed class NotificationDeliveryWorker(IServiceScopeFactory scopes, DeliverySignal signal, IConfiguration configuration,
    ILogger<NotificationDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(configuration.GetValue("Notifications:DeliveryPollMilliseconds", 2000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendBatchAsync(stoppingToken) > 0) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogError(ex, "Notification delivery round failed"); }
            try { await signal.WaitAsync(poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private const int BatchSize = 10;

    internal async Task<int> SendBatchAsync(CancellationToken ct)
    {
        IReadOnlyList<DeliveryWork> batch;
        await using (var scope = scopes.CreateAsyncScope())
        {
            batch = await scope.ServiceProvider.GetRequiredService<INotificationDeliveries>().ClaimDueAsync(BatchSize, ct);
        }
        foreach (var work in batch) { await SendAsync(work, ct); }
        return batch.Count;
    }

    private async Task SendAsync(DeliveryWork work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // The recipient is read inside the delivery's own centre.
        services.GetRequiredService<IBackgroundIdentity>().ActAs(Actor.SystemIn(work.CentreId));
        var deliveries = services.GetRequiredService<INotificationDeliveries>();
        try
        {
            var skipped = work.Channel switch
            {
                NotificationChannel.Email => await EmailAsync(work, services, ct),
                NotificationChannel.Push => await PushAsync(work, services, ct),
                _ => throw new InvalidOperationException($"No sender for {work.Channel}"),
            };
            if (skipped is not null) { await deliveries.SkippedAsync(work.Id, skipped, ct); }
            else { await deliveries.SucceededAsync(work.Id, ct); }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Delivery {DeliveryId} ({Channel}) failed", work.Id, work.Channel);
            await deliveries.FailedAsync(work.Id, ex.Message, CancellationToken.None);
        }
    }

    /// <summary>Returns why nothing was sent, or null when it was.</summary>
    private async Task<string?> EmailAsync(DeliveryWork work, IServiceProvider services, CancellationToken ct)
    {
        var to = (await services.GetRequiredService<IPeopleDirectory>().EmailsAsync([work.UserId], ct)).GetValueOrDefault(work.UserId)
            ?? throw new InvalidOperationException("The recipient has no active account with an e-mail address");
        var brand = await services.GetRequiredService<ICentreFeatures>().BrandAsync(work.CentreId, ct);
        await services.GetRequiredService<IEmailSender>().SendAsync(
            CentreEmailLayout.Apply(new EmailMessage(to, work.Subject, work.HtmlBody ?? WebUtility.HtmlEncode(work.TextBody), work.TextBody), brand, AddressOf(work.Link)), ct);
        return null;
    }

    /// <summary>
    /// The page's address for an e-mail, from the site's public address (App:BaseUrl; required outside Development, never
    /// taken from a request); without one the e-mail goes without a link.
    /// </summary>
    private string? AddressOf(string? link) =>
        link is { Length: > 0 } && link.StartsWith('/') && configuration["App:BaseUrl"] is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') + link : null;

    /// <summary>
    /// Every device of the recipient: one that accepted is enough; devices whose subscription ended are forgotten; when
    /// the rest could not be reached the delivery is tried again (the topic keeps a repeat from showing twice).
    /// </summary>
    private async Task<string?> PushAsync(DeliveryWork work, IServiceProvider services, CancellationToken ct)
    {
        var targets = services.GetRequiredService<IPushTargets>();
        var sender = services.GetRequiredService<IPushSender>();
        var payload = new PushPayload(work.Subject, work.TextBody, work.Link, work.NotificationId.ToString("N"));
        var rules = services.GetRequiredService<IOptions<PushOptions>>().Value;
        var devices = new List<PushTarget>();
        var unusable = 0;
        foreach (var device in await targets.ForUserAsync(work.UserId, ct))
        {
            // Stored before the checks at registration existed (or before a rule tightened): keys no message can be encrypted
            // for, or an address no longer accepted, fail on every send for ever; the device is forgotten instead.
            if (rules.Unusable(device.Endpoint, device.P256dh, device.Auth) is { } why)
            {
                await targets.ForgetAsync(device.DeviceId, ct);
                logger.LogWarning("Push device {DeviceId} of user {UserId} can never be sent to ({Reason}); forgotten", device.DeviceId, work.UserId, why);
                unusable++;
            }
            else { devices.Add(device); }
        }
        // All devices at once: one slow or unreachable push service does not hold up the others (each request times out after 10 s).
        var outcomes = await Task.WhenAll(devices.Select(async device =>
        {
            try { return (device, Outcome: (PushOutcome?)await sender.SendAsync(device.Endpoint, device.P256dh, device.Auth, payload, ct), Error: (Exception?)null); }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { return (device, Outcome: null, Error: ex); }
        }));
        foreach (var (device, outcome, _) in outcomes)
        {
            if (outcome == PushOutcome.Gone)
            {
                await targets.ForgetAsync(device.DeviceId, ct);
                logger.LogInformation("Push device {DeviceId} of user {UserId} unsubscribed; forgotten", device.DeviceId, work.UserId);
            }
            else if (outcome == PushOutcome.Delivered) { await targets.SentAsync(device.DeviceId, ct); }
        }
        var delivered = outcomes.Count(o => o.Outcome == PushOutcome.Delivered);
        var gone = outcomes.Count(o => o.Outcome == PushOutcome.Gone);
        var failure = outcomes.Select(o => o.Error).FirstOrDefault(e => e is not null);
        if (delivered > 0) { return null; }
        if (failure is not null) { throw failure; }
        if (unusable > 0 && gone == 0)
        {
            return $"The recipient's {(unusable == 1 ? "device" : $"{unusable} devices")} could never be sent to (invalid keys or push address) and {(unusable == 1 ? "was" : "were")} forgotten";
        }
        return gone > 0 ? $"The recipient's {(gone == 1 ? "device" : $"{gone} devices")} turned push off (the push service no longer knows the subscription)"
            : "The recipient has no device with push turned on";
    }
}
