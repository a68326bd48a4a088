using System.Net;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Identity;

public abstract partial class AuthApiTests
{
    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_authenticator_code_once_enabled()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin));
        var (_, email) = await TestData.CreateUserAsync(admin, Role.Student);
        using var user = await TestData.SignedInAsync(Host, email, TestData.StrongPassword);

        // The status never carries the key; it takes the password again, and a wrong one shows nothing.
        var status0 = await user.GetAsync("/api/auth/two-factor");
        Assert.False(status0.Data.GetProperty("enabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status0.Data.GetProperty("sharedKey").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status0.Data.GetProperty("authenticatorUri").ValueKind);
        var wrongPassword = await user.PostAsync("/api/auth/two-factor/setup", new { password = "not my password at all" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.Status);
        Assert.Equal("Your current password is not correct", wrongPassword.Details.GetProperty("password").GetString());
        var setup = await user.PostAsync("/api/auth/two-factor/setup", new { password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, setup.Status);
        var key = setup.Data.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.Data.GetProperty("authenticatorUri").GetString());

        var wrong = await user.PostAsync("/api/auth/two-factor/enable", new { code = "000000" == TestData.Totp(key, DateTime.UtcNow) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        // Each code is accepted once, so each use below takes the next step's code (the app allows two steps of drift).
        var now = DateTime.UtcNow;
        var enabled = await user.PostAsync("/api/auth/two-factor/enable", new { code = TestData.Totp(key, now) });
        Assert.Equal(HttpStatusCode.OK, enabled.Status);
        Assert.Equal(10, enabled.Data.GetProperty("codes").GetArrayLength());

        using var next = Host.Client();
        var needsCode = await next.PostAsync("/api/auth/signin", new { email, password = TestData.StrongPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, needsCode.Status);
        Assert.Equal("Required", needsCode.Details.GetProperty("twoFactorCode").GetString());
        var withCode = await next.PostAsync("/api/auth/signin", new { email, password = TestData.StrongPassword, twoFactorCode = TestData.Totp(key, now.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, withCode.Status);

        // Once on, the key is no longer handed out, and turning it off needs a current code.
        var status = await next.GetAsync("/api/auth/two-factor");
        Assert.True(status.Data.GetProperty("enabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.Data.GetProperty("sharedKey").ValueKind);
        var noCode = await next.PostAsync("/api/auth/two-factor/disable", new { code = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noCode.Status);
        Assert.True(noCode.Details.TryGetProperty("code", out _));
        Assert.Equal(HttpStatusCode.OK, (await next.PostAsync("/api/auth/two-factor/disable", new { code = TestData.Totp(key, now.AddSeconds(60)) })).Status);
        Assert.False((await next.GetAsync("/api/auth/two-factor")).Data.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task An_authenticator_code_is_accepted_once_and_an_older_one_not_at_all()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin));
        var (_, email) = await TestData.CreateUserAsync(admin, Role.Student);
        using var user = await TestData.SignedInAsync(Host, email, TestData.StrongPassword);
        var key = (await user.PostAsync("/api/auth/two-factor/setup", new { password = TestData.StrongPassword })).Data.GetProperty("sharedKey").GetString()!;
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsync("/api/auth/two-factor/enable", new { code = TestData.Totp(key, now) })).Status);

        using var client = Host.Client();
        var code = TestData.Totp(key, now.AddSeconds(30));
        var first = await client.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword, twoFactorCode = code });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var replay = await client.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword, twoFactorCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.Equal("The authenticator code is not correct", replay.Details.GetProperty("twoFactorCode").GetString());
        // The cookie sign-in (and the page, which shares it) refuses the replay too, and so an earlier step's code.
        var cookieReplay = await client.PostAsync("/api/auth/signin", new { email, password = TestData.StrongPassword, twoFactorCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, cookieReplay.Status);
        var older = await client.PostAsync("/api/auth/signin", new { email, password = TestData.StrongPassword, twoFactorCode = TestData.Totp(key, now) });
        Assert.Equal(HttpStatusCode.Unauthorized, older.Status);

        var next = await client.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword, twoFactorCode = TestData.Totp(key, now.AddSeconds(60)) });
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin));
        var (_, email) = await TestData.CreateUserAsync(admin, Role.Parent);
        using var user = await TestData.SignedInAsync(Host, email, TestData.StrongPassword);
        var key = (await user.PostAsync("/api/auth/two-factor/setup", new { password = TestData.StrongPassword })).Data.GetProperty("sharedKey").GetString()!;
        var codes = (await user.PostAsync("/api/auth/two-factor/enable", new { code = TestData.Totp(key, DateTime.UtcNow) })).Data.GetProperty("codes");
        var recovery = codes[0].GetString()!;

        using var client = Host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword, twoFactorCode = recovery })).Status);
        var again = await client.PostAsync("/api/v1/auth/token", new { email, password = TestData.StrongPassword, twoFactorCode = recovery });
        Assert.Equal(HttpStatusCode.Unauthorized, again.Status);
        Assert.Equal("The authenticator code is not correct", again.Details.GetProperty("twoFactorCode").GetString());
    }

    [Fact]
    public async Task A_centre_that_requires_two_factor_holds_staff_at_set_up_until_they_enable_it()
    {
        using var admin = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
        var centreId = (await admin.GetAsync("/api/auth/session")).Data.GetProperty("user").GetProperty("centreId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync($"/api/v1/centres/{centreId}/config", new { requireTwoFactorForStaff = true })).Status);
        try
        {
            using var tutor = await TestData.SignedInAsync(Host, Demo.Email(Role.Teacher, Demo.Riverside));
            var session = (await tutor.GetAsync("/api/auth/session")).Data;
            Assert.True(session.GetProperty("twoFactorSetupRequired").GetBoolean());
            var held = await tutor.GetAsync($"/api/v1/users/{session.GetProperty("user").GetProperty("id").GetGuid()}");
            Assert.Equal(HttpStatusCode.Forbidden, held.Status);
            Assert.Equal("SETUP_REQUIRED", held.Details.GetProperty("twoFactor").GetString());

            // Role-guarded endpoints hold them back the same way (the policy itself requires the set-up).
            using var secondAdminSession = await TestData.SignedInAsync(Host, Demo.Email(Role.CentreAdmin, Demo.Riverside));
            var adminHeld = await secondAdminSession.GetAsync("/api/v1/users");
            Assert.Equal(HttpStatusCode.Forbidden, adminHeld.Status);
            Assert.Equal("SETUP_REQUIRED", adminHeld.Details.GetProperty("twoFactor").GetString());

            // Students are not staff: the rule does not apply to them.
            using var student = await TestData.SignedInAsync(Host, Demo.Email(Role.Student, Demo.Riverside));
            Assert.False((await student.GetAsync("/api/auth/session")).Data.GetProperty("twoFactorSetupRequired").GetBoolean());
        }
        finally
        {
            await using var db = Host.Db();
            var centre = await db.Centres.SingleAsync(c => c.Id == centreId);
            centre.Config = centre.Config with { RequireTwoFactorForStaff = false };
            await db.SaveChangesAsync();
        }
    }
}
