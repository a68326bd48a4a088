using System.Net;
using System.Text.RegularExpressions;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Identity;

/// <summary>Posts the static sign-in page's form as a browser does: with the antiforgery token the page rendered.</summary>
public static partial class AccountPages
{
    public sealed record LoginForm(string Token);

    /// <summary>Opens the sign-in page (which sets the antiforgery cookie) and reads the form's token.</summary>
    public static async Task<LoginForm> LoginFormAsync(ApiClient client, string pathAndQuery)
    {
        var page = await client.Http.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "the sign-in form carries an antiforgery token");
        return new LoginForm(WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    public static FormUrlEncodedContent LoginPost(LoginForm form, string email, string password, string? code = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = form.Token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        };
        if (code is not null) { fields["Input.Code"] = code; }
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>The e-mail to <paramref name="address"/> in the pickup folder, once the app has written it (it sends after answering).</summary>
    public static async Task<string> MailToAsync(AppHost host, string address)
    {
        string? mail = null;
        await Eventually.UntilAsync(() =>
        {
            mail = Directory.Exists(host.MailFolder)
                ? Directory.GetFiles(host.MailFolder, "*.eml").Select(File.ReadAllText).FirstOrDefault(m => m.Contains(address, StringComparison.OrdinalIgnoreCase))
                : null;
            return Task.FromResult(mail is not null);
        }, $"the e-mail to {address}");
        return mail!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
