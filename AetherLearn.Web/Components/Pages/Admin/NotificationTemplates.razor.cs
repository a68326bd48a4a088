using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Admin;

/// <summary>A centre admin rewords a notification per channel, previews it with sample values, saves it or goes back to the standard wording.</summary>
public sealed partial class NotificationTemplates
{
    private sealed class Draft
    {
        public string? Title, Body, Subject, Html, Text;
        public SaveTemplateRequest ToRequest() => new(Title, Body, Subject, Html, Text);
    }

    [Inject] private INotificationTemplateAdmin Templates { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private IReadOnlyList<TemplateView>? _templates;
    private string? _key;
    private int _channelIndex;
    private Draft _draft = new();
    private RenderedMessage? _preview;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private string? _error;

    private TemplateView? Current => _templates?.FirstOrDefault(t => t.Key == _key);
    private TemplateChannelView? CurrentChannel => Current?.Channels.ElementAtOrDefault(_channelIndex);
    private NotificationChannel Channel => CurrentChannel?.Channel ?? NotificationChannel.InApp;
    private bool HasOverride => CurrentChannel?.Override is not null;
    private string ChannelPath => Channel.ToString();

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _error = await Actions.LoadAsync(async () =>
    {
        _templates = await Templates.ListAsync();
        _key = _templates.FirstOrDefault()?.Key;
        Fill();
    }, "The notification wording could not be loaded. Check your connection and try again.");

    private Task ChooseAsync(string key)
    {
        (_key, _channelIndex) = (key, 0);
        Fill();
        return Task.CompletedTask;
    }

    private void ChannelChanged(int index)
    {
        _channelIndex = index;
        Fill();
    }

    /// <summary>The editor shows the centre's wording where it has one, else the standard one to start from.</summary>
    private void Fill()
    {
        var t = CurrentChannel?.Override ?? CurrentChannel?.Default;
        _draft = new Draft { Title = t?.Title, Body = t?.Body, Subject = t?.Subject, Html = t?.Html, Text = t?.Text };
        (_preview, _errors) = (null, new Dictionary<string, string>());
    }

    private Task PreviewAsync() => EditAsync(() =>
    {
        _preview = Templates.Preview(_key!, ChannelPath, _draft.ToRequest());
        return Task.CompletedTask;
    });

    private Task SaveAsync() => EditAsync(async () => Replace(await Templates.SaveAsync(_key!, ChannelPath, _draft.ToRequest())),
        "Saved: new notifications use this wording");

    private Task ResetAsync() => EditAsync(async () =>
    {
        Replace(await Templates.ResetAsync(_key!, ChannelPath));
        Fill();
    }, "Back to the standard wording");

    /// <summary>Problems with the wording show at their fields (not in the snackbar), and clear once it is accepted.</summary>
    private async Task EditAsync(Func<Task> action, string? done = null)
    {
        var accepted = await Actions.RunAsync(action, done, "That did not work just now. Please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            _errors = invalid.Details;
            return "";
        });
        if (accepted) { _errors = new Dictionary<string, string>(); }
    }

    private void Replace(TemplateView updated) =>
        _templates = _templates!.Select(t => t.Key == updated.Key ? updated : t).ToList();

    // By its in-app title only ("Checked in"): the catalogue key ("checkin.recorded") is the API's name, not the reader's.
    private static string Describe(TemplateView t) =>
        t.Channels.FirstOrDefault(c => c.Channel == NotificationChannel.InApp)?.Default.Title ?? t.Key;

    private static string ChannelLabel(NotificationChannel channel) => AetherLearn.Web.Notifications.ChannelText.Of(channel);
}
