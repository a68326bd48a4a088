using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Notifications;
using AetherLearn.Web.Integrations.Push;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AetherLearn.Web.Components.Notifications;

/// <summary>Turns web push on or off for the browser the user is on, and lists their other devices.</summary>
public sealed partial class PushDevicePanel
{
    private enum PushState { Loading, Unsupported, Denied, Off, On }

    private sealed record BrowserState(string State, string? Endpoint);
    private sealed record EnableResult(bool Ok, SubscribePushRequest? Subscription, string? Error, string? Detail);

    [Inject] private IPushDevices Devices { get; set; } = default!;
    [Inject] private VapidKeys Keys { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    private PushState _state = PushState.Loading;
    private PushDeviceView? _thisDevice;
    private IReadOnlyList<PushDeviceView> _otherDevices = [];
    private string? _problem;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) { return; }
        await RefreshAsync();
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        var problem = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            var browser = await Js.InvokeAsync<BrowserState>("aetherPush.state");
            var mine = await Devices.MineAsync();
            _thisDevice = browser.Endpoint is { } endpoint ? mine.FirstOrDefault(d => d.Endpoint == endpoint) : null;
            _otherDevices = mine.Where(d => d != _thisDevice).ToList();
            _state = browser.State switch
            {
                "unsupported" => PushState.Unsupported,
                "denied" => PushState.Denied,
                // Subscribed in the browser but unknown here (another account turned it on, or it was removed): off for this account.
                "on" when _thisDevice is not null => PushState.On,
                _ => PushState.Off,
            };
        }, "Push settings could not be read just now. Reload the page to try again.");
        if (problem is not null) { (_state, _problem) = (PushState.Off, problem); }
    }

    private async Task EnableAsync()
    {
        _problem = null;
        // What the steps find themselves (no permission, a refresh that failed) stays unless the action fails.
        _problem = await Actions.TryAsync(async () =>
        {
            var publicKey = (await Keys.GetAsync()).PublicKey;
            var result = await Js.InvokeAsync<EnableResult>("aetherPush.enable", publicKey, false);
            if (result is { Ok: true, Subscription: { } subscription })
            {
                try { await Devices.SubscribeAsync(subscription); }
                catch (ConflictException)
                {
                    // This browser's subscription is another account's (left signed in on a shared PC): a fresh one is this account's.
                    result = await Js.InvokeAsync<EnableResult>("aetherPush.enable", publicKey, true);
                    if (result is not { Ok: true, Subscription: { } renewed }) { throw; }
                    await Devices.SubscribeAsync(renewed);
                }
                Snackbar.Add("Push is on for this device", Severity.Success);
            }
            else
            {
                _problem = result.Error switch
                {
                    "denied" => "Push needs your permission to show notifications. Choose Allow when the browser asks.",
                    "unsupported" => "This browser cannot show push notifications.",
                    _ => "This browser could not reach its push service, so push could not be turned on. Check the connection and try again.",
                };
            }
            await RefreshAsync();
        }, "Push could not be turned on just now. Please try again.",
            ex => ex is DomainValidationException invalid ? $"The browser gave a subscription the server cannot use: {string.Join(" ", invalid.Details.Values)}" : null)
            ?? _problem;
    }

    private async Task DisableAsync()
    {
        _problem = null;
        var gone = false;
        _problem = await Actions.TryAsync(async () =>
        {
            if (_thisDevice is { } device) { await Devices.UnsubscribeAsync(device.Id); }
            await Js.InvokeAsync<string?>("aetherPush.disable");
            Snackbar.Add("Push is off for this device", Severity.Success);
            await RefreshAsync();
        }, "Push could not be turned off just now. Please try again.", ex =>
        {
            gone = ex is NotFoundException;
            return gone ? "" : null;
        }) ?? _problem;
        // Already removed (from another device): show how things stand now.
        if (gone) { await RefreshAsync(); }
    }

    private async Task RemoveAsync(PushDeviceView device)
    {
        // Already removed elsewhere: nothing to say, the list below catches up.
        await Actions.RunAsync(() => Devices.UnsubscribeAsync(device.Id), $"Push stopped for {device.Label ?? "that browser"}",
            "That device could not be removed just now. Please try again.", ex => ex is NotFoundException ? "" : null);
        await RefreshAsync();
    }
}
