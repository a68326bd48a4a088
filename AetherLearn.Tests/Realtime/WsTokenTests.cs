using AetherLearn.Core.Sessions;
using AetherLearn.Web.Identity;
using AetherLearn.Web.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using System.Security.Claims;

namespace AetherLearn.Tests.Realtime;

public sealed class WsTokenTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly LiveJoin Join = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Ella Thompson", RoomSide.Student);

    private static ClaimsPrincipal User(Guid signIn) => new(new ClaimsIdentity([
        new Claim(ClaimTypes.Role, "Student"), new Claim(ClaimTypes.Email, "ella@example.test"), new Claim(AetherClaims.Session, signIn.ToString())], "test"));

    [Fact]
    public void A_token_admits_its_holder_to_its_session_until_it_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero));
        var tokens = new WsTokens(new EphemeralDataProtectionProvider(), Options.Create(new RealtimeOptions { TokenLifetimeSeconds = 120 }), clock);
        var signIn = Guid.NewGuid();
        var issued = tokens.Issue(Join, User(signIn));
        Assert.Equal(clock.Now.AddSeconds(120), issued.ExpiresAt);
        Assert.Equal($"/ws/session/{Join.SessionId}?token={issued.Token}", issued.Path);

        var ticket = tokens.Read(issued.Token)!;
        Assert.Equal(Join, ticket.Join);
        Assert.Equal(signIn, ticket.SignInSessionId);
        Assert.Equal(Join.UserId, ticket.Principal.UserId());
        Assert.Equal(Join.CentreId, ticket.Principal.CentreId());
        Assert.Equal("Student", ticket.Principal.FindFirstValue(ClaimTypes.Role));

        clock.Now = clock.Now.AddSeconds(121);
        Assert.Null(tokens.Read(issued.Token));
    }

    [Fact]
    public void Altered_or_foreign_tokens_are_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var tokens = new WsTokens(new EphemeralDataProtectionProvider(), Options.Create(new RealtimeOptions()), clock);
        var token = tokens.Issue(Join, User(Guid.NewGuid())).Token;
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Null(tokens.Read(altered));
        Assert.Null(tokens.Read(""));
        Assert.Null(tokens.Read("%%%"));
        var otherKeys = new WsTokens(new EphemeralDataProtectionProvider(), Options.Create(new RealtimeOptions()), clock);
        Assert.Null(otherKeys.Read(token));
    }
}
