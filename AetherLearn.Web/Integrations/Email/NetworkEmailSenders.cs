using System.Net;
using System.Net.Mail;
using AetherLearn.Core.Integrations;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace AetherLearn.Web.Integrations.Email;

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }
    /// <summary>The API's address; a test or a relay can point it elsewhere.</summary>
    public string BaseUrl { get; set; } = "https://api.sendgrid.com";
}

/// <summary>Sends through an SMTP server (multipart: plain text and HTML).</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        using var mail = new MailMessage(new MailAddress(o.FromAddress, o.FromName), new MailAddress(message.To)) { Subject = message.Subject, Body = message.TextBody };
        mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, null, "text/html"));
        using var client = new SmtpClient(o.Smtp.Host, o.Smtp.Port)
        {
            EnableSsl = o.Smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            // Bounded well inside the sender's claim on its batch (NotificationDeliveryOptions.LeaseSeconds).
            Timeout = 30_000,
            Credentials = o.Smtp.UserName is { Length: > 0 } user ? new NetworkCredential(user, o.Smtp.Password) : null,
        };
        await client.SendMailAsync(mail, ct);
    }
}

/// <summary>Sends through SendGrid's v3 API with the official SDK; anything but a 2xx is a failure to retry.</summary>
internal sealed class SendGridEmailSender(IOptions<EmailOptions> options, IHttpClientFactory http) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value;
        var client = new SendGridClient(http.CreateClient("SendGrid"), new SendGridClientOptions { ApiKey = o.SendGrid.ApiKey, Host = o.SendGrid.BaseUrl });
        var mail = MailHelper.CreateSingleEmail(new EmailAddress(o.FromAddress, o.FromName), new EmailAddress(message.To), message.Subject, message.TextBody, message.HtmlBody);
        var response = await client.SendEmailAsync(mail, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Body.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"SendGrid answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
