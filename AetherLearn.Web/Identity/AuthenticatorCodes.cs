using System.Security.Cryptography;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

/// <summary>
/// Authenticator-app (RFC 6238) codes, each accepted once per account: the code's 30-second step must be later than
/// the last one used (<see cref="AppUser.LastTotpStep"/>), so a code read over a shoulder, from a log or a proxy
/// cannot be used again within its window. Identity's own provider accepts a code any number of times.
/// </summary>
public static class AuthenticatorCodes
{
    private const int StepSeconds = 30;
    // As Identity's provider: two steps either side, for phones whose clock is up to a minute or so out.
    private const int AllowedDrift = 2;

    /// <summary>True when the code is right and unused; the account then remembers its step (refused if another request used it first).</summary>
    public static async Task<bool> RedeemAsync(UserManager<AppUser> users, AppUser user, string? code)
    {
        var clean = (code ?? "").Replace(" ", "").Replace("-", "");
        if (clean.Length != 6 || !clean.All(char.IsAsciiDigit)) { return false; }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || FromBase32(key) is not { Length: > 0 } secret) { return false; }

        // The phone's clock is real time, whatever clock the app runs on.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / StepSeconds;
        long? matched = null;
        for (var step = now - AllowedDrift; step <= now + AllowedDrift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Compute(secret, step)), System.Text.Encoding.ASCII.GetBytes(clean)))
            {
                matched = step;
            }
        }
        if (matched is not { } used || used <= (user.LastTotpStep ?? long.MinValue)) { return false; }
        user.LastTotpStep = used;
        // The concurrency stamp makes two requests racing with the same code save once: the other one fails here.
        return (await users.UpdateAsync(user)).Succeeded;
    }

    private static string Compute(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[]? FromBase32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in input.Trim().TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c);
            if (value < 0) { return null; }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return output.ToArray();
    }
}
