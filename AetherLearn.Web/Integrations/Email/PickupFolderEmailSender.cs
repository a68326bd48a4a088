using System.Net.Mail;
using AetherLearn.Core.Integrations;
using Microsoft.Extensions.Options;

namespace AetherLearn.Web.Integrations.Email;

public sealed class EmailOptions
{
    /// <summary>PickupFolder (default) writes .eml files; Smtp and SendGrid send them.</summary>
    public string Provider { get; set; } = "PickupFolder";
    public SmtpOptions Smtp { get; set; } = new();
    public SendGridOptions SendGrid { get; set; } = new();
    public string PickupFolder { get; set; } = "App_Data/mail-pickup";
    public string FromAddress { get; set; } = "noreply@aetherlearn.test";
    public string FromName { get; set; } = "AetherLearn";
}

/// <summary>Writes each message as an RFC 5322 .eml file, which any mail client opens: the embedded default's outbox.</summary>
internal sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, IWebHostEnvironment environment, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        var folder = Path.IsPathRooted(o.PickupFolder) ? o.PickupFolder : Path.Combine(environment.ContentRootPath, o.PickupFolder);
        Directory.CreateDirectory(folder);
        using var mail = new MailMessage(new MailAddress(o.FromAddress, o.FromName), new MailAddress(message.To))
        {
            Subject = message.Subject,
            Body = message.TextBody,
        };
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, null, "text/html"));
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = folder,
        };
        await client.SendMailAsync(mail, ct);
        logger.LogInformation("E-mail to {To} ({Subject}) written to {Folder}", message.To, message.Subject, folder);
    }
}
