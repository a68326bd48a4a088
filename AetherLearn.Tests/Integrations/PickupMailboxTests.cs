using AetherLearn.Web.Integrations.Email;

namespace AetherLearn.Tests.Integrations;

public sealed class PickupMailboxTests
{
    [Fact]
    public void A_written_message_is_listed_by_its_recipient_and_decoded_subject()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.eml");
        File.WriteAllText(path, "X-Sender: noreply@aetherlearn.test\r\nTo: hannah@example.test\r\nSubject: =?utf-8?B?" +
            Convert.ToBase64String("Ella Thompson – Absence notification"u8.ToArray()) + "?=\r\nContent-Type: text/plain\r\n\r\nSubject: not a header\r\n");
        try
        {
            var mail = PickupMailbox.Read(path, DateTimeOffset.UnixEpoch);
            Assert.Equal("hannah@example.test", mail.To);
            Assert.Equal("Ella Thompson – Absence notification", mail.Subject);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Quoted_printable_words_are_decoded_too() =>
        Assert.Equal("Caf\u00e9 news here", PickupMailbox.Decode("=?utf-8?Q?Caf=C3=A9_news?= here"));
}
