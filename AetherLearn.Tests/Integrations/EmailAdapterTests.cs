using System.Text;
using System.Text.Json;
using AetherLearn.Core.Integrations;
using AetherLearn.Tests.Infrastructure;
using AetherLearn.Web.Integrations.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AetherLearn.Tests.Integrations;

/// <summary>The e-mail adapters in real conversations with local stand-ins for the services they talk to.</summary>
public sealed class EmailAdapterTests
{
    private static readonly EmailMessage Message = new("hannah@example.test", "Ella Thompson - Absence notification",
        "<p>Dear Hannah,</p><p>Ella was absent from <strong>Maths club</strong>.</p>", "Dear Hannah,\n\nElla was absent from Maths club.");

    [Fact]
    public async Task The_smtp_adapter_delivers_a_multipart_message_with_authentication()
    {
        await using var server = new LocalSmtpServer();
        var options = Options.Create(new EmailOptions
        {
            Provider = "Smtp", FromAddress = "noreply@northside.test", FromName = "Northside",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, EnableSsl = false, UserName = "mailer", Password = "s3cret" },
        });

        await new SmtpEmailSender(options).SendAsync(Message);

        var mail = Assert.Single(server.Received);
        Assert.Equal("noreply@northside.test", mail.From);
        Assert.Equal(["hannah@example.test"], mail.To);
        Assert.Equal(("mailer", "s3cret"), (mail.UserName, mail.Password));
        Assert.Contains("Subject: Ella Thompson - Absence notification", mail.Data);
        Assert.Contains("text/plain", mail.Data);
        Assert.Contains("text/html", mail.Data);
    }

    [Fact]
    public async Task The_sendgrid_adapter_sends_the_api_key_and_both_bodies_and_reports_a_refusal()
    {
        var requests = new List<(string Path, string? Authorization, JsonElement Body)>();
        var failNext = false;
        await using var endpoint = await LocalHttpEndpoint.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            lock (requests) { requests.Add((context.Request.Path, context.Request.Headers.Authorization.ToString(), body)); }
            context.Response.StatusCode = failNext ? 500 : 202;
            if (failNext) { await context.Response.WriteAsync("""{"errors":[{"message":"try later"}]}"""); }
        });
        var options = Options.Create(new EmailOptions
        {
            Provider = "SendGrid", FromAddress = "noreply@northside.test", FromName = "Northside",
            SendGrid = new SendGridOptions { ApiKey = "SG.test-key", BaseUrl = endpoint.Url },
        });
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var sender = new SendGridEmailSender(options, http);

        await sender.SendAsync(Message);
        var (path, authorization, sent) = Assert.Single(requests);
        Assert.Equal("/v3/mail/send", path);
        Assert.Equal("Bearer SG.test-key", authorization);
        Assert.Equal("hannah@example.test", sent.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("noreply@northside.test", sent.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Ella Thompson - Absence notification", sent.GetProperty("personalizations")[0].GetProperty("subject").GetString());
        var content = sent.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString());
        Assert.Equal(Message.TextBody, content["text/plain"]);
        Assert.Equal(Message.HtmlBody, content["text/html"]);

        failNext = true;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(Message));
        Assert.StartsWith("SendGrid answered 500", refused.Message);
    }
}
