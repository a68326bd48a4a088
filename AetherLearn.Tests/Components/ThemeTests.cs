using AetherLearn.Web.Components.Layout;

namespace AetherLearn.Tests.Components;

/// <summary>The theme keeps any centre's brand colour readable: white text on the app bar and filled buttons at 4.5:1 or more.</summary>
public sealed class ThemeTests
{
    [Theory]
    [InlineData("#FFEB3B")] // a pale yellow
    [InlineData("#4FC3F7")] // a sky blue
    [InlineData("#00897B")] // teal, 3.7:1 as chosen
    public void A_light_brand_colour_is_darkened_until_white_text_reads_on_it(string chosen)
    {
        Assert.True(BrandColour.ContrastWithWhite(chosen) < BrandColour.MinimumContrast);
        var used = BrandColour.Readable(chosen);
        Assert.True(BrandColour.ContrastWithWhite(used) >= BrandColour.MinimumContrast, $"{used} reads at {BrandColour.ContrastWithWhite(used):0.00}:1");
        Assert.Equal(new MudBlazor.Utilities.MudColor(used), MainLayout.BuildTheme(chosen).PaletteLight.Primary);
    }

    [Theory]
    [InlineData("#3949AB")]
    [InlineData("#00695C")]
    public void A_dark_enough_brand_colour_is_used_as_chosen(string chosen) =>
        Assert.Equal(chosen, BrandColour.Readable(chosen));
}
