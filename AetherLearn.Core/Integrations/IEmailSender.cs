namespace AetherLearn.Core.Integrations;

public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody);

/// <summary>
/// Sends e-mail through the configured adapter (<c>Email:Provider</c>): a local pickup folder in the
/// embedded default; SMTP or SendGrid in deployments.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
