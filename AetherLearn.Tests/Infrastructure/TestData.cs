using System.Net;
using System.Security.Cryptography;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Tests.Infrastructure;

public static class TestData
{
    public const string StrongPassword = "correct horse battery staple";

    /// <summary>Creates an account through the API as <paramref name="admin"/>; returns its id and e-mail.</summary>
    public static async Task<(Guid Id, string Email)> CreateUserAsync(ApiClient admin, Role role, string? password = null, object? extra = null)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@northside.aetherlearn.test";
        var response = await admin.PostAsync("/api/v1/users", new { email, name = $"Test {role}", role, password = password ?? StrongPassword });
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        return (response.Data.GetProperty("id").GetGuid(), email);
    }

    public static async Task<ApiClient> SignedInAsync(AppHost host, string email, string password = Demo.Password)
    {
        var client = host.Client();
        await client.SignInAsync(email, password);
        return client;
    }

    public static async Task<ApiClient> WithTokenAsync(AppHost host, string email, string password = Demo.Password)
    {
        var client = host.Client();
        await client.AuthenticateWithTokenAsync(email, password);
        return client;
    }

    /// <summary>RFC 6238 code, as an authenticator app computes it from the shared key.</summary>
    public static string Totp(string sharedKey, DateTime utcNow)
    {
        var key = Base32Decode(sharedKey.Replace(" ", "").ToUpperInvariant());
        var counter = (long)(utcNow - DateTime.UnixEpoch).TotalSeconds / 30;
        var bytes = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) { Array.Reverse(bytes); }
        var hash = HMACSHA1.HashData(key, bytes);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in input.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8) { output.Add((byte)(buffer >> (bits - 8))); bits -= 8; }
        }
        return output.ToArray();
    }
}
