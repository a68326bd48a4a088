using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace AetherLearn.Web.Components.Layout;

public partial class MainLayout
{
    [Inject] private AuthenticationStateProvider AuthState { get; set; } = default!;
    [Inject] private ICentreFeatures Switches { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool _drawerOpen = true;
    private Role? _role;
    private CentreBrand? _brand;
    private IReadOnlySet<string>? _featuresOn;
    private ErrorBoundary? _errorBoundary;
    private MudTheme _theme = BuildTheme("#3949AB");

    private bool _twoFactorSetupRequired;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _role = user.AppRole();
        _twoFactorSetupRequired = user.HasClaim(c => c.Type == AetherClaims.TwoFactorSetupRequired);
        SendToTwoFactorSetUp();
        if (user.CentreId() is { } centreId && await Switches.BrandAsync(centreId) is { } brand)
        {
            _brand = brand;
            _theme = BuildTheme(brand.PrimaryColour);
            _featuresOn = await Switches.OnAsync(centreId);
        }
    }

    /// <summary>Whether the centre has the feature on (true with no centre, as for a super admin who has not chosen one).</summary>
    private bool FeatureOn(string feature) => _featuresOn is null || _featuresOn.Contains(feature);

    // Later navigation is refused by the role policies, which show the way back to the set-up page.
    protected override void OnParametersSet() => _errorBoundary?.Recover();

    private void SendToTwoFactorSetUp()
    {
        if (_twoFactorSetupRequired && !Navigation.ToBaseRelativePath(Navigation.Uri).StartsWith("account/security", StringComparison.Ordinal))
        {
            Navigation.NavigateTo("/account/security?required=1");
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private void Recover() => _errorBoundary?.Recover();

    /// <summary>
    /// The app's theme (docs/design.md): the centre's brand colour (darkened until white text on it reads at 4.5:1), colours
    /// that carry white text at AA, and one typographic scale. Pages use h4 for their one h1 (PageHeader) and h6 for sections
    /// (PageSection); buttons keep the case they are written in.
    /// </summary>
    public static MudTheme BuildTheme(string primary)
    {
        var brand = BrandColour.Readable(primary);
        return new()
        {
            // MudBlazor's default info, success, warning and error colours carry white text at 2.2–3.7:1; these darker shades
            // reach 5:1 or more (WCAG AA) in snackbars, filled buttons and alerts, and as text on white.
            PaletteLight = new PaletteLight
            {
                Primary = brand, AppbarBackground = brand, Secondary = "#00796B",
                Info = "#1565C0", Success = "#2E7D32", Warning = "#A15C00", Error = "#C62828",
                // Secondary text (hints, captions, empty states) at 6:1 on white rather than MudBlazor's 4.6:1.
                TextSecondary = "rgba(0,0,0,0.66)",
            },
            Typography = new Typography
            {
                Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"], LineHeight = "1.5" },
                H1 = new H1Typography { FontSize = "2.5rem", FontWeight = "700", LineHeight = "1.2", LetterSpacing = "0" },
                H2 = new H2Typography { FontSize = "2.125rem", FontWeight = "700", LineHeight = "1.2", LetterSpacing = "0" },
                H3 = new H3Typography { FontSize = "1.875rem", FontWeight = "600", LineHeight = "1.25", LetterSpacing = "0" },
                H4 = new H4Typography { FontSize = "1.75rem", FontWeight = "600", LineHeight = "1.25", LetterSpacing = "0" },
                H5 = new H5Typography { FontSize = "1.375rem", FontWeight = "600", LineHeight = "1.3", LetterSpacing = "0" },
                H6 = new H6Typography { FontSize = "1.125rem", FontWeight = "600", LineHeight = "1.4", LetterSpacing = "0" },
                Subtitle1 = new Subtitle1Typography { FontSize = "1rem", FontWeight = "500", LineHeight = "1.5", LetterSpacing = "0" },
                Subtitle2 = new Subtitle2Typography { FontSize = ".875rem", FontWeight = "600", LineHeight = "1.5", LetterSpacing = "0" },
                Body1 = new Body1Typography { FontSize = "1rem", FontWeight = "400", LineHeight = "1.6", LetterSpacing = "0" },
                Body2 = new Body2Typography { FontSize = ".875rem", FontWeight = "400", LineHeight = "1.55", LetterSpacing = "0" },
                Button = new ButtonTypography { FontSize = ".875rem", FontWeight = "600", LineHeight = "1.75", LetterSpacing = ".01em", TextTransform = "none" },
                Caption = new CaptionTypography { FontSize = ".8125rem", FontWeight = "400", LineHeight = "1.45", LetterSpacing = "0" },
                Overline = new OverlineTypography { FontSize = ".75rem", FontWeight = "600", LineHeight = "2", LetterSpacing = ".08em", TextTransform = "uppercase" },
            },
        };
    }
}

public static class RoleLabels
{
    public static string Of(Role? role) => role switch
    {
        Role.CentreAdmin => "Centre admin",
        Role.SuperAdmin => "Super admin",
        Role.Teacher => "Tutor",
        null => "",
        _ => role.ToString()!,
    };
}
