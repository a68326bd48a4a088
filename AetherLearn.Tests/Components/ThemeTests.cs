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

    [Fact]
    public void Messages_and_filled_buttons_in_every_status_colour_carry_white_text_at_4_5_to_1()
    {
        var palette = MainLayout.BuildTheme("#3949AB").PaletteLight;
        foreach (var (name, colour) in new[] { ("info", palette.Info), ("success", palette.Success), ("warning", palette.Warning), ("error", palette.Error), ("secondary", palette.Secondary) })
        {
            var hex = colour.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex);
            Assert.True(BrandColour.ContrastWithWhite(hex) >= BrandColour.MinimumContrast, $"{name} {hex} reads at {BrandColour.ContrastWithWhite(hex):0.00}:1");
        }
    }
}
