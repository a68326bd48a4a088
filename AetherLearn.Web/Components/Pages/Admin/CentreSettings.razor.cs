using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Admin;

public partial class CentreSettings
{
    [Inject] private ICentreService Centres { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private static readonly string[] TimeZones = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order().ToArray();
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private CentreDetail? _centre;
    private string? _fatal;
    private string? _formError;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private string? _timeZone, _currency, _displayName, _colour, _logoUrl, _networks;
    private bool _requireTwoFactor;
    private int _mastery = 80;
    private AnswerReveal _answerReveal = AnswerReveal.AfterPassOrLastAttempt;
    private int _maxAttempts;
    private List<DayRow> _hours = [];
    private List<FeatureRow> _features = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _fatal = await Actions.LoadAsync(async () => Load(await Centres.GetAsync(CurrentUser.CentreId!.Value)),
            "The centre's settings could not be loaded. Check your connection and try again.");
    }

    private void Load(CentreDetail centre)
    {
        _centre = centre;
        (_timeZone, _currency, _requireTwoFactor, _mastery) = (centre.TimeZone, centre.Currency, centre.Config.RequireTwoFactorForStaff, centre.Config.MasteryThresholdPercent);
        (_answerReveal, _maxAttempts) = (centre.Config.AnswerReveal, centre.Config.MaxAttemptsPerExercise);
        (_displayName, _colour, _logoUrl) = (centre.Config.Branding.DisplayName, centre.Config.Branding.PrimaryColour, centre.Config.Branding.LogoUrl);
        _networks = string.Join('\n', centre.Config.SignInNetworks);
        _hours = Week.Select(day =>
        {
            var hours = centre.Config.OpeningHours.FirstOrDefault(h => h.Day == day);
            return new DayRow(day) { Open = hours is not null, Opens = hours?.Opens ?? "15:00", Closes = hours?.Closes ?? "19:00" };
        }).ToList();
        // Only switches of features that exist: a switch for an unbuilt module would do nothing. Saving names only these,
        // so the others keep their stored values (the API changes only the switches it is sent).
        _features = CentreFeatures.Built.Select(k => new FeatureRow(k) { On = centre.Config.Features.GetValueOrDefault(k, true) }).ToList();
    }

    private Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? TimeZones.AsEnumerable() : TimeZones.Where(z => z.Contains(text, StringComparison.OrdinalIgnoreCase)));

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private async Task SaveAsync()
    {
        _errors = new Dictionary<string, string>();
        _formError = await Actions.TryAsync(async () =>
        {
            var open = _hours.Where(h => h.Open).ToList();
            var request = new UpdateCentreConfigRequest(_timeZone, _currency?.Trim(),
                open.Select(h => new OpeningHours(h.Day, h.Opens ?? "", h.Closes ?? "")).ToList(),
                new Branding(string.IsNullOrWhiteSpace(_displayName) ? null : _displayName.Trim(), _colour?.Trim() ?? "", string.IsNullOrWhiteSpace(_logoUrl) ? null : _logoUrl.Trim()),
                _features.ToDictionary(f => f.Key, f => f.On), _requireTwoFactor, _mastery, NetworkLines(), _answerReveal, _maxAttempts);
            Load(await Centres.UpdateConfigAsync(_centre!.Id, request));
        }, "Saving failed. Nothing was changed; please try again.", ex =>
        {
            if (ex is not DomainValidationException invalid) { return null; }
            // Opening-hours errors come back by position among the open days; show them on that day's row.
            var open = _hours.Where(h => h.Open).ToList();
            _errors = invalid.Details.ToDictionary(
                kv => kv.Key.StartsWith("openingHours[", StringComparison.Ordinal) && int.TryParse(kv.Key[13..^1], out var i) && i < open.Count ? open[i].Key : kv.Key,
                kv => kv.Value);
            return "Please correct the highlighted settings.";
        }, done: "Settings saved");
    }

    private List<string> NetworkLines() =>
        (_networks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Errors come back per line ("signInNetworks[2]"); they show under the one box, naming the line.</summary>
    private string? NetworkErrors()
    {
        var lines = NetworkLines();
        var messages = _errors.Where(e => e.Key.StartsWith("signInNetworks", StringComparison.Ordinal)).Select(e =>
            e.Key.Length > 15 && int.TryParse(e.Key[15..^1], out var i) && i < lines.Count ? $"{lines[i]}: {e.Value}" : e.Value).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static string FeatureLabel(string key) => key switch
    {
        CentreFeatures.Gamification => "XP, levels and badges",
        CentreFeatures.Leaderboards => "Leaderboards",
        CentreFeatures.Homework => "Homework",
        CentreFeatures.PhysicalWork => "Paper work scanning (QR)",
        CentreFeatures.VideoSessions => "Video sessions",
        CentreFeatures.ParentPortal => "Parent portal",
        CentreFeatures.OnlinePayments => "Online payments",
        _ => key,
    };

    private sealed class DayRow(DayOfWeek day)
    {
        public DayOfWeek Day { get; } = day;
        public string Key => $"day:{Day}";
        public bool Open { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }
    }

    private sealed class FeatureRow(string key)
    {
        public string Key { get; } = key;
        public bool On { get; set; }
    }
}
