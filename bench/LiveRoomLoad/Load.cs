using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LiveRoomLoad;

/// <summary>
/// Opens the rooms step by step (one tutor per session, then its students), keeps every student sending a heartbeat
/// every 10 s and a progress report every 10 s (5 s apart), and measures, at each tutor, the delay from a student's
/// progress send to the tutor's <c>student:update</c> for it. At each step it reads the server's memory and CPU from /proc.
/// </summary>
internal sealed class Load(Uri server, IReadOnlyList<RoomTokens> rooms, int serverPid)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private readonly List<Student> _students = [];
    private readonly List<ClientWebSocket> _tutors = [];
    private readonly List<double> _delays = [];
    private readonly Dictionary<Guid, Student> _byId = [];
    private int _rooms;
    private long _sent;

    private sealed class Student(Guid id, ClientWebSocket socket)
    {
        public Guid Id { get; } = id;
        public ClientWebSocket Socket { get; } = socket;
        public SemaphoreSlim SendLock { get; } = new(1, 1);
        public long[] SentAt { get; } = new long[1000];
        public int Sequence;
        public TimeSpan Offset;
    }

    public async Task RunAsync(IReadOnlyList<int> steps, TimeSpan warmUp, TimeSpan hold)
    {
        Console.WriteLine("| students | rooms | delay p50 | delay p99 | messages/s | server RSS | RSS per connection | RSS per added connection | server CPU (of 2 cores) | generator CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var baseline = Rss();
        var (previousRss, previousConnections) = (baseline, 0);
        using var stop = new CancellationTokenSource();
        var sending = SendLoopAsync(stop.Token);
        foreach (var target in steps)
        {
            await OpenUntilAsync(target);
            await Task.Delay(warmUp);
            lock (_delays) { _delays.Clear(); }
            var sentBefore = Interlocked.Read(ref _sent);
            var (cpuBefore, mineBefore, clock) = (CpuTicks(serverPid), CpuTicks(Environment.ProcessId), Stopwatch.StartNew());
            await Task.Delay(hold);
            var seconds = clock.Elapsed.TotalSeconds;
            var serverCpu = (CpuTicks(serverPid) - cpuBefore) / 100.0 / seconds / 2 * 100;
            var myCpu = (CpuTicks(Environment.ProcessId) - mineBefore) / 100.0 / seconds / 2 * 100;
            double[] delays;
            lock (_delays) { delays = [.. _delays.Order()]; }
            var rss = Rss();
            var connections = _students.Count + _tutors.Count;
            // The marginal cost between steps leaves out what the first connections pay once (JIT, EF model, caches).
            Console.WriteLine($"| {_students.Count} | {_rooms} | {Percentile(delays, 0.5):F1} ms | {Percentile(delays, 0.99):F1} ms | " +
                $"{(Interlocked.Read(ref _sent) - sentBefore) / seconds:F0} | {rss / 1048576.0:F0} MiB | {(rss - baseline) / 1024.0 / connections:F1} KiB | " +
                $"{(rss - previousRss) / 1024.0 / Math.Max(1, connections - previousConnections):F1} KiB | {serverCpu:F0}% | {myCpu:F0}% |");
            (previousRss, previousConnections) = (rss, connections);
        }
        stop.Cancel();
        await sending;
    }

    private async Task OpenUntilAsync(int students)
    {
        while (_students.Count < students && _rooms < rooms.Count)
        {
            var room = rooms[_rooms++];
            var tutor = await ConnectAsync(room.SessionId, room.TutorToken);
            _tutors.Add(tutor);
            _ = ReadTutorAsync(tutor);
            foreach (var s in room.Students)
            {
                var socket = await ConnectAsync(room.SessionId, s.Token);
                // Spread the students over the 10 s period so the load is even.
                var student = new Student(s.StudentId, socket) { Offset = TimeSpan.FromMilliseconds(Random.Shared.Next(10_000)) };
                lock (_byId) { _byId[s.StudentId] = student; }
                _students.Add(student);
                _ = DrainAsync(socket);
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(Guid session, string token)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(server, $"/ws/session/{session}?token={Uri.EscapeDataString(token)}"), CancellationToken.None);
        return socket;
    }

    /// <summary>Every 100 ms, each student whose turn it is sends: a heartbeat at its offset, a progress report 5 s later.</summary>
    private async Task SendLoopAsync(CancellationToken stop)
    {
        var started = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = started.Elapsed;
                Student[] students;
                lock (_byId) { students = [.. _byId.Values]; }
                foreach (var s in students)
                {
                    if (Crossed(last, now, s.Offset)) { _ = SendAsync(s, heartbeat: true); }
                    if (Crossed(last, now, s.Offset + Every / 2)) { _ = SendAsync(s, heartbeat: false); }
                }
                last = now;
            }
        }
        catch (OperationCanceledException) { }
    }

    private static bool Crossed(TimeSpan from, TimeSpan to, TimeSpan offset)
    {
        var period = Every.Ticks;
        var mark = offset.Ticks % period;
        var a = from.Ticks % period;
        var b = to.Ticks % period;
        return to - from >= Every || (a <= b ? mark > a && mark <= b : mark > a || mark <= b);
    }

    private async Task SendAsync(Student s, bool heartbeat)
    {
        string json;
        if (heartbeat)
        {
            json = """{"type":"student:heartbeat","payload":{"isActive":true,"currentExerciseId":null,"progressPct":null},"timestamp":0,"senderId":""}""";
        }
        else
        {
            var seq = Interlocked.Increment(ref s.Sequence) % 1000;
            s.SentAt[seq] = Stopwatch.GetTimestamp();
            json = $$"""{"type":"student:exercise_progress","payload":{"exerciseId":"{{ExerciseId}}","answeredCount":{{seq}},"progressPct":{{seq % 101}}},"timestamp":0,"senderId":""}""";
        }
        await s.SendLock.WaitAsync();
        try
        {
            await s.Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
            Interlocked.Increment(ref _sent);
        }
        catch (Exception) { /* a dropped connection shows as missing samples */ }
        finally { s.SendLock.Release(); }
    }

    /// <summary>Any exercise id will do: the room takes progress as reported.</summary>
    public static Guid ExerciseId { get; set; }

    private async Task ReadTutorAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close) { return; }
                var received = Stopwatch.GetTimestamp();
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
                if (doc.RootElement.GetProperty("type").GetString() != "student:update") { continue; }
                var payload = doc.RootElement.GetProperty("payload");
                Student? student;
                lock (_byId) { _byId.TryGetValue(payload.GetProperty("studentId").GetGuid(), out student); }
                var seq = payload.GetProperty("answeredCount").GetInt32();
                if (student is null || seq is < 0 or >= 1000) { continue; }
                // The first update carrying this sequence is the answer to that send (later heartbeats repeat it).
                var sentAt = Interlocked.Exchange(ref student.SentAt[seq], 0);
                if (sentAt == 0) { continue; }
                lock (_delays) { _delays.Add(Stopwatch.GetElapsedTime(sentAt, received).TotalMilliseconds); }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
    }

    private static async Task DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) { return; }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];

    private long Rss()
    {
        var line = File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>User + system CPU time of a process, in clock ticks (100 a second).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
