using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>One message as the SMTP server received it.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data, string? UserName, string? Password);

/// <summary>
/// A small SMTP server on 127.0.0.1 that speaks enough of RFC 5321 (EHLO, AUTH LOGIN, MAIL, RCPT, DATA, QUIT) for a
/// real client to deliver to it, and keeps what it received for the test to check.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ReceivedMail> _received = [];
    private readonly Task _accepting;

    public LocalSmtpServer()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many of the next messages to refuse with a temporary failure (451), as a busy server does.</summary>
    public int RefuseNext { get; set; }

    public IReadOnlyList<ReceivedMail> Received
    {
        get { lock (_received) { return _received.ToList(); } }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        string? from = null, user = null, password = null;
        var to = new List<string>();
        await writer.WriteLineAsync("220 localhost test SMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250 AUTH LOGIN");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "AUTH":
                    // "AUTH LOGIN" then the user name, or "AUTH LOGIN <user name>" in one line.
                    var parts = line.Split(' ');
                    if (parts.Length > 2) { user = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])); }
                    else
                    {
                        await writer.WriteLineAsync("334 VXNlcm5hbWU6");
                        user = Encoding.UTF8.GetString(Convert.FromBase64String((await reader.ReadLineAsync(_stop.Token))!));
                    }
                    await writer.WriteLineAsync("334 UGFzc3dvcmQ6");
                    password = Encoding.UTF8.GetString(Convert.FromBase64String((await reader.ReadLineAsync(_stop.Token))!));
                    await writer.WriteLineAsync("235 Authenticated");
                    break;
                case "MAIL":
                    if (RefuseNext > 0)
                    {
                        RefuseNext--;
                        await writer.WriteLineAsync("451 Try again later");
                        break;
                    }
                    from = Address(line);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".") { data.AppendLine(dataLine.StartsWith("..") ? dataLine[1..] : dataLine); }
                    lock (_received) { _received.Add(new ReceivedMail(from ?? "", to.ToList(), data.ToString(), user, password)); }
                    to.Clear();
                    await writer.WriteLineAsync("250 Queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting.WaitAsync(TimeSpan.FromSeconds(2)); } catch (Exception) { }
        _stop.Dispose();
    }
}
