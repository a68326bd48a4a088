using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Identity;

namespace AetherLearn.Tests.Identity;

/// <summary>One rule for every redirect to an address the user supplied: a plain path on this site, else the role's home.</summary>
public sealed class ReturnUrlTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static TheoryData<string> Doubtful =>
    [
        "/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "/%5Cevil.example", "/%5cevil.example",
        "/%2F%2Fevil.example", "/%2F/evil.example", "/\r\n/evil.example", "/\u0000x", "/x\u007f", "/\u3000evil", "/caf\u00e9",
        "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "evil.example", " /admin", "/admin users",
        "~/admin", "/%09/evil.example", "/%00", "/%7F", "",
    ];

    [Theory]
    [MemberData(nameof(Doubtful))]
    public void A_doubtful_return_address_goes_to_the_fallback(string returnUrl) =>
        Assert.Equal("/home", ReturnUrls.SafeOr(returnUrl, "/home"));

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/student/exercises/1f0e?tab=review&x=%20y")]
    [InlineData("/tutor#today")]
    [InlineData("/content/%E3%80%80notes")]
    public void A_plain_path_on_this_site_is_kept(string returnUrl) => Assert.Equal(returnUrl, ReturnUrls.SafeOr(returnUrl, "/home"));

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2F%E3%80%80evil")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public async Task Refresh_sends_a_doubtful_return_address_to_the_role_s_home(string encoded)
    {
        using var client = await TestData.SignedInAsync(app.Host, Demo.Email(Role.CentreAdmin));
        var response = await client.Http.GetAsync($"/account/refresh?returnUrl={encoded}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);

        var kept = await client.Http.GetAsync("/account/refresh?returnUrl=%2Fadmin%2Fusers");
        Assert.Equal("/admin/users", kept.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("%2F%E3%80%80evil")]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public async Task Signing_in_on_the_page_with_a_doubtful_return_address_lands_on_the_role_s_home(string encoded)
    {
        using var client = app.Host.Client();
        var path = $"/account/login?ReturnUrl={encoded}";
        var form = await AccountPages.LoginFormAsync(client, path);

        var response = await client.Http.PostAsync(path, AccountPages.LoginPost(form, Demo.Email(Role.Teacher), Demo.Password));

        // The page's navigation writes the address in full: this site's, at the teacher's home.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(app.Host.BaseAddress, response.Headers.Location!);
        Assert.Equal(app.Host.BaseAddress.GetLeftPart(UriPartial.Authority), location.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/tutor", location.PathAndQuery);
    }
}
