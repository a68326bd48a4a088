using System.Net;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Integrations;

namespace AetherLearn.Core.Notifications;

/// <summary>
/// The frame every notification e-mail goes out in: the centre's logo (when it has one, its name as the alt text) and
/// name at the top of the HTML part, and the name signing the plain-text part, so a parent knows who writes. Applied when
/// the e-mail is sent, so the centre's current branding is used, and kept out of the templates a centre may reword.
/// </summary>
public static class CentreEmailLayout
{
    /// <param name="link">The absolute address of the page the notification is about: the e-mail ends with a link to it.</param>
    public static EmailMessage Apply(EmailMessage message, CentreBrand? brand, string? link = null)
    {
        if (link is not null)
        {
            message = message with
            {
                HtmlBody = message.HtmlBody + $"<p style=\"margin-top:16px\"><a href=\"{WebUtility.HtmlEncode(link)}\">Open in AetherLearn</a></p>",
                TextBody = $"{message.TextBody.TrimEnd()}\n\nOpen in AetherLearn: {link}",
            };
        }
        if (brand is null) { return message; }
        var name = WebUtility.HtmlEncode(brand.Name);
        var logo = brand.LogoUrl is { } url
            ? $"<img src=\"{WebUtility.HtmlEncode(url)}\" alt=\"{name}\" height=\"40\" style=\"height:40px;vertical-align:middle;margin-right:8px\">"
            : "";
        var html =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(message.Subject) + "</title></head>" +
            "<body style=\"margin:0;padding:16px;font-family:system-ui,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f1f1f\">" +
            $"<div style=\"border-bottom:3px solid {WebUtility.HtmlEncode(brand.PrimaryColour)};padding-bottom:8px;margin-bottom:16px\">" +
            $"{logo}<span style=\"font-size:18px;font-weight:600;vertical-align:middle\">{name}</span></div>" +
            message.HtmlBody +
            $"<p style=\"margin-top:24px;color:#555;font-size:12px\">{name}</p></body></html>";
        var text = $"{message.TextBody.TrimEnd()}\n\n-- \n{brand.Name}\n";
        return message with { HtmlBody = html, TextBody = text };
    }
}
