using System.Reflection;
using System.Runtime.CompilerServices;
using AetherLearn.Core.Common.Persistence;

namespace AetherLearn.Tests.Architecture;

/// <summary>
/// The modules, read from Core's namespaces (every <c>AetherLearn.Core.&lt;X&gt;</c> but the shared kernel), so every
/// architecture rule covers a module the moment its first type exists, and no list needs keeping up to date.
/// </summary>
internal static class CoreModules
{
    public static readonly Assembly Core = typeof(IDbSession).Assembly;

    /// <summary>
    /// Folders every module shares: the kernel (errors, events, persistence, security, the live bus) and the ports to
    /// outside services (e-mail, push), which Web's adapters implement and any module may call.
    /// </summary>
    public static readonly string[] SharedKernel = ["Common", "Integrations"];

    public static readonly string[] Names = Core.GetTypes()
        .Select(t => t.Namespace?.Split('.'))
        .Where(parts => parts is { Length: > 2 } && parts[0] == "AetherLearn" && parts[1] == "Core")
        .Select(parts => parts![2])
        .Except(SharedKernel)
        .Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The repository's root, found from this source file (the tests run from bin/, the rules read source).</summary>
    public static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
