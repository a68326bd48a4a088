using System.Diagnostics;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>
/// The npm tools in <c>tools/openapi</c> (Spectral, openapi-typescript, openapi-fetch, TypeScript), run with Node.
/// Without Node or <c>npm ci</c> in that folder the suite reports the missing prerequisite (skipped, or failed under
/// AETHER_REQUIRE_ALL_SUITES=1, as .ci/run sets).
/// </summary>
public static class OpenApiTools
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AetherLearn.sln"))) { dir = dir.Parent; }
            return Path.Combine(dir?.FullName ?? ".", "tools", "openapi");
        }
    }

    public static string Module(string relative) => Path.Combine(Folder, "node_modules", relative);

    /// <summary>Node on the PATH and the folder's packages installed, or the test reports which is missing.</summary>
    public static string RequireNode()
    {
        var node = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "node")).FirstOrDefault(File.Exists);
        if (node is null) { Prerequisites.Missing("Node.js (apt-get install nodejs npm) for the OpenAPI lint and client tests"); }
        if (!File.Exists(Module("@stoplight/spectral-cli/dist/index.js")) || !File.Exists(Module("typescript/bin/tsc"))
            || !File.Exists(Module("openapi-typescript/bin/cli.js")))
        {
            Prerequisites.Missing($"the OpenAPI tools: run `npm ci` in {Folder}");
        }
        return node!;
    }

    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        public string All => $"{Output}\n{Errors}".Trim();
    }

    public static async Task<Run> NodeAsync(string node, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) { start.ArgumentList.Add(argument); }
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {node}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} ran for more than 5 minutes: {await errors}");
        }
        return new Run(process.ExitCode, await output, await errors);
    }
}
