using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Identity;

public sealed record TokenResponse(string AccessToken, string TokenType, DateTime ExpiresAt);

/// <summary>Issues the opaque, data-protected bearer tokens that the Bearer scheme reads back.</summary>
public sealed class TokenIssuer(IOptionsMonitor<BearerTokenOptions> options)
{
    public TokenResponse Issue(ClaimsPrincipal principal, DateTime expiresAt)
    {
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expiresAt }, AuthSchemes.Bearer);
        var token = options.Get(AuthSchemes.Bearer).BearerTokenProtector.Protect(ticket);
        return new TokenResponse(token, "Bearer", expiresAt);
    }
}
