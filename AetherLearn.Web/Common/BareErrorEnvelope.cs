using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace AetherLearn.Web.Common;

/// <summary>
/// Kestrel answers a request it cannot parse itself — a malformed request line or header (400), a URL longer than
/// <c>MaxRequestLineSize</c> (414), headers over the size or count limits (431) — with an empty body, before any
/// middleware runs, and offers no hook to change it. This connection middleware sits between the socket and
/// Kestrel's HTTP/1.x parser: it remembers how the request now arriving begins and, when the answer going out is
/// such a bare error (an error status, <c>Content-Length: 0</c>, <c>Connection: close</c>) to a request for
/// <c>/api</c> or <c>/ws</c>, writes it again with the envelope <c>{ success:false, error }</c> as its body.
/// Pages keep Kestrel's empty answer. Over TLS terminated by Kestrel itself the bytes seen here are encrypted, so
/// nothing is changed; behind a TLS-terminating proxy (the deployment the Dockerfile assumes) it applies.
/// </summary>
internal static class BareErrorEnvelope
{
    public static ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var transport = connection.Transport;
        var state = new RequestStart();
        connection.Transport = new Duplex(new Reader(transport.Input, state), new Writer(transport.Output, state));
        try { await next(connection); }
        finally { connection.Transport = transport; }
    };

    /// <summary>The first bytes of the request now arriving (HTTP/1.x clients send a request after the previous answer).</summary>
    private sealed class RequestStart
    {
        public const int Keep = 64;
        public readonly byte[] Bytes = new byte[Keep];
        public int Length;
        public bool Expecting = true;

        public void Record(in ReadOnlySequence<byte> buffer)
        {
            var take = (int)Math.Min(Keep, buffer.Length);
            buffer.Slice(0, take).CopyTo(Bytes);
            Length = take;
            // Enough to see the method and the path: stop, so the headers and body that follow are not taken for a start.
            if (take == Keep || Bytes.AsSpan(0, take).IndexOf((byte)'\n') >= 0) { Expecting = false; }
        }

        /// <summary>"GET /api/…", "POST /ws/…": a request line aimed at the API.</summary>
        public bool IsApi()
        {
            var line = Bytes.AsSpan(0, Length);
            var space = line.IndexOf((byte)' ');
            if (space <= 0) { return false; }
            var target = line[(space + 1)..];
            return StartsWithSegment(target, "/api"u8) || StartsWithSegment(target, "/ws"u8);
        }

        private static bool StartsWithSegment(ReadOnlySpan<byte> target, ReadOnlySpan<byte> segment) =>
            target.StartsWith(segment) && (target.Length == segment.Length || target[segment.Length] is (byte)'/' or (byte)'?' or (byte)' ' or (byte)'\r');
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    private sealed class Reader(PipeReader inner, RequestStart state) : PipeReader
    {
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            if (state.Expecting && !result.Buffer.IsEmpty) { state.Record(result.Buffer); }
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result)) { return false; }
            if (state.Expecting && !result.Buffer.IsEmpty) { state.Record(result.Buffer); }
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);
        public override void CancelPendingRead() => inner.CancelPendingRead();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }

    private sealed class Writer(PipeWriter inner, RequestStart state) : PipeWriter
    {
        private Memory<byte> _last;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            var written = _last.Span[..Math.Min(bytes, _last.Length)];
            _last = default;
            if (written.StartsWith("HTTP/1."u8))
            {
                // A final answer: whatever the client sends next starts a new request.
                var isFinal = written.Length > 9 && written[9] != (byte)'1';
                if (isFinal && state.IsApi() && Rewrite(written) is { } replacement)
                {
                    state.Expecting = true;
                    inner.Write(replacement);
                    return;
                }
                if (isFinal) { state.Expecting = true; }
            }
            inner.Advance(bytes);
        }

        /// <summary>Kestrel's bare error answer, with the envelope as its body; null for any other answer.</summary>
        private static byte[]? Rewrite(ReadOnlySpan<byte> written)
        {
            // "HTTP/1.1 414 URI Too Long\r\n…Content-Length: 0\r\n…Connection: close\r\n…\r\n\r\n", all in one write.
            if (written.Length < 13 || written[9] != (byte)'4' || !written.EndsWith("\r\n\r\n"u8)
                || written.IndexOf("\r\nContent-Length: 0\r\n"u8) < 0 || written.IndexOf("\r\nConnection: close\r\n"u8) < 0)
            {
                return null;
            }
            var head = Encoding.ASCII.GetString(written[..^2]);
            var status = int.Parse(head.AsSpan(9, 3));
            var body = Encoding.UTF8.GetBytes($$"""{"success":false,"error":"{{Describe(status)}}"}""");
            head = head.Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Length: {body.Length}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n", StringComparison.Ordinal);
            return [.. Encoding.ASCII.GetBytes(head + "\r\n"), .. body];
        }

        private static string Describe(int status) => status switch
        {
            400 => "Bad request: the request line or a header is malformed",
            414 => "The URL is too long",
            431 => "The request headers are too large",
            _ => ApiPaths.DescribeStatus(status),
        };

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
