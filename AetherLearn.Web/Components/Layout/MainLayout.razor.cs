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

    private static MudTheme BuildTheme(string primary) => new()
    {
        // MudBlazor's default info, success, warning and error colours carry white text at 2.2–3.7:1; these darker shades
        // reach 5:1 or more (WCAG AA) in snackbars, filled buttons and alerts, and as text on white.
        PaletteLight = new PaletteLight
        {
            Primary = primary, AppbarBackground = primary, Secondary = "#00796B",
            Info = "#1565C0", Success = "#2E7D32", Warning = "#A15C00", Error = "#C62828",
        },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] } },
    };
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
