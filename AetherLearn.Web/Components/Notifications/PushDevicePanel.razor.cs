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

    private PushState _state = PushState.Loading;
    private PushDeviceView? _thisDevice;
    private IReadOnlyList<PushDeviceView> _otherDevices = [];
    private string? _problem;
    private bool _busy;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) { return; }
        await RefreshAsync();
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        try
        {
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
        }
        catch (JSDisconnectedException) { }
        catch (Exception)
        {
            _state = PushState.Off;
            _problem = "Push settings could not be read just now. Reload the page to try again.";
        }
    }

    private async Task EnableAsync()
    {
        (_busy, _problem) = (true, null);
        try
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
        }
        catch (DomainValidationException ex) { _problem = $"The browser gave a subscription the server cannot use: {string.Join(" ", ex.Details.Values)}"; }
        catch (JSDisconnectedException) { }
        catch (Exception) { _problem = "Push could not be turned on just now. Please try again."; }
        finally { _busy = false; }
    }

    private async Task DisableAsync()
    {
        (_busy, _problem) = (true, null);
        try
        {
            if (_thisDevice is { } device) { await Devices.UnsubscribeAsync(device.Id); }
            await Js.InvokeAsync<string?>("aetherPush.disable");
            Snackbar.Add("Push is off for this device", Severity.Success);
            await RefreshAsync();
        }
        catch (NotFoundException) { await RefreshAsync(); }
        catch (JSDisconnectedException) { }
        catch (Exception) { _problem = "Push could not be turned off just now. Please try again."; }
        finally { _busy = false; }
    }

    private async Task RemoveAsync(PushDeviceView device)
    {
        try
        {
            await Devices.UnsubscribeAsync(device.Id);
            Snackbar.Add($"Push stopped for {device.Label ?? "that browser"}", Severity.Success);
        }
        catch (NotFoundException) { }
        catch (Exception) { Snackbar.Add("That device could not be removed just now. Please try again.", Severity.Error); }
        await RefreshAsync();
    }
}
