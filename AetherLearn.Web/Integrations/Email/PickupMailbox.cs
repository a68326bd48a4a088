using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Integrations.Email;

/// <summary>A message waiting in the pickup folder, as its headers describe it.</summary>
public sealed record PickedUpMail(string File, string To, string Subject, DateTimeOffset WrittenAt);

/// <summary>Reads what the pickup-folder adapter wrote, newest first: the embedded default's "sent items".</summary>
public sealed partial class PickupMailbox(IOptions<EmailOptions> options, IWebHostEnvironment environment)
{
    public bool InUse => string.Equals(options.Value.Provider, "PickupFolder", StringComparison.OrdinalIgnoreCase);

    public string Folder => Path.IsPathRooted(options.Value.PickupFolder) ? options.Value.PickupFolder : Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);

    public IReadOnlyList<PickedUpMail> Recent(int max = 100)
    {
        if (!Directory.Exists(Folder)) { return []; }
        return new DirectoryInfo(Folder).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(max)
            .Select(f => Read(f.FullName, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero))).ToList();
    }

    public static PickedUpMail Read(string path, DateTimeOffset writtenAt)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) { break; }
            // Folded header lines continue the one before.
            if (char.IsWhiteSpace(line[0]) && last is not null) { headers[last] += " " + line.Trim(); continue; }
            var colon = line.IndexOf(':');
            if (colon <= 0) { continue; }
            last = line[..colon];
            headers[last] = line[(colon + 1)..].Trim();
        }
        return new PickedUpMail(Path.GetFileName(path), Decode(headers.GetValueOrDefault("To") ?? ""), Decode(headers.GetValueOrDefault("Subject") ?? ""), writtenAt);
    }

    /// <summary>Decodes RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=), as non-ASCII subjects are written.</summary>
    public static string Decode(string value) => EncodedWord().Replace(value.Replace("?= =?", "?==?"), m =>
    {
        var encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
        var text = m.Groups["text"].Value;
        if (m.Groups["kind"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)) { return encoding.GetString(Convert.FromBase64String(text)); }
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length) { bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16)); i += 2; }
            else { bytes.Add((byte)(text[i] == '_' ? ' ' : text[i])); }
        }
        return encoding.GetString(bytes.ToArray());
    });

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
