namespace AetherLearn.Core.Users;

/// <summary>
/// OWASP ASVS 5 (V6.2): at least 12 characters for new passwords, long passphrases allowed,
/// no composition rules, and no password from the list of the most common ones.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    // The most common passwords of 12+ characters from public breach corpora (a short, known list;
    // the length rule already excludes the shorter common ones).
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "qwertyuiopasdfghjkl", "qwertyuiop123",
        "passwordpassword", "password1234", "password12345", "password123456", "iloveyou1234", "abcdefghijkl",
        "abc123456789", "111111111111", "000000000000", "1q2w3e4r5t6y", "1qaz2wsx3edc", "qwerty123456",
        "aaaaaaaaaaaa", "letmein12345", "welcome12345", "administrator", "changeme1234", "trustno11234",
        "football1234", "baseball1234", "superman1234", "sunshine1234", "princess1234", "starwars1234",
        "monkey123456", "dragon123456", "master123456", "qwertyuiopas", "zaq12wsxcde3", "asdfghjkl123",
    };

    /// <summary>The problem with <paramref name="password"/>, or null when it is acceptable.</summary>
    public static string? Check(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password)) { return "Password is required"; }
        // Count characters as a person sees them (surrogate pairs, combined accents).
        var length = new System.Globalization.StringInfo(password.Normalize()).LengthInTextElements;
        if (length < MinLength) { return $"Password must be at least {MinLength} characters"; }
        if (password.Length > MaxLength) { return $"Password must be at most {MaxLength} characters"; }
        if (Common.Contains(password)) { return "This password is too common; choose another"; }
        if (email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            return "Password must not contain your e-mail name";
        }
        return null;
    }
}
