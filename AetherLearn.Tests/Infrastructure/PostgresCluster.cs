using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's PostgreSQL binaries for the whole test run
/// (initdb as the postgres user in a temporary folder, fsync off), stopped and removed at the end.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _dataDir;
    private string? _binDir;

    public int Port { get; private set; }
    public string? UnavailableReason { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=20;Include Error Detail=true";

    public async ValueTask InitializeAsync()
    {
        _binDir = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (_binDir is null) { UnavailableReason = "PostgreSQL server binaries (apt-get install postgresql)"; return; }
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" && Environment.UserName != "postgres")
        {
            UnavailableReason = "running initdb needs root (to switch to the postgres user) or the postgres user";
            return;
        }
        _dataDir = Path.Combine(Path.GetTempPath(), $"aether-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDir);
        Port = FreePort();
        await RunAsync("chown", $"postgres:postgres {_dataDir}");
        await RunAsync("chmod", $"700 {_dataDir}");
        await AsPostgresAsync("initdb", $"-D {_dataDir} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        await AsPostgresAsync("pg_ctl", $"-D {_dataDir} -l {_dataDir}/log -w -o \"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDir is null || _binDir is null) { return; }
        try { await AsPostgresAsync("pg_ctl", $"-D {_dataDir} -m immediate -w stop"); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task AsPostgresAsync(string tool, string arguments) =>
        Environment.UserName == "postgres"
            ? RunAsync(Path.Combine(_binDir!, tool), arguments)
            : RunAsync("runuser", $"-u postgres -- {Path.Combine(_binDir!, tool)} {arguments}");

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) { throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await stderr}{await stdout}"); }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
