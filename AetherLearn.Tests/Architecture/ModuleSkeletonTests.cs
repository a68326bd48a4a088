using System.Reflection;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Events;

namespace AetherLearn.Tests.Architecture;

/// <summary>
/// Every module has the same skeleton (ADR 0015, docs/adding-a-module.md): <c>&lt;Module&gt;Module.cs</c> registering
/// it, called from <c>AddAetherCore</c>; <c>&lt;Module&gt;Contracts.cs</c> holding its public interfaces; the records of
/// the events it raises in <c>&lt;Module&gt;Events.cs</c>. Read from the modules Core has, so a new one is held to it at once.
/// </summary>
public sealed partial class ModuleSkeletonTests
{
    private static readonly string CoreFolder = Path.Combine(CoreModules.RepositoryRoot(), "AetherLearn.Core");

    public static TheoryData<string> Modules => new(CoreModules.Names);

    private static IEnumerable<string> SourcesOf(string module) =>
        Directory.EnumerateFiles(Path.Combine(CoreFolder, module), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_registers_itself_and_core_calls_it(string module)
    {
        var registration = CoreModules.Core.GetType($"AetherLearn.Core.{module}.{module}Module");
        Assert.True(registration is { IsAbstract: true, IsSealed: true, IsPublic: true }, $"{module}: no public static class {module}Module");
        Assert.True(File.Exists(Path.Combine(CoreFolder, module, $"{module}Module.cs")), $"{module}Module is not in {module}/{module}Module.cs");
        Assert.NotNull(registration!.GetMethod($"Add{module}Module", BindingFlags.Public | BindingFlags.Static));
        var composition = File.ReadAllText(Path.Combine(CoreFolder, "DependencyInjection.cs"));
        Assert.Contains($"services.Add{module}Module();", composition, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_modules_public_interfaces_are_in_its_contracts_file(string module)
    {
        var contracts = Path.Combine(CoreFolder, module, $"{module}Contracts.cs");
        Assert.True(File.Exists(contracts), $"{module} has no {module}Contracts.cs");
        var elsewhere = SourcesOf(module).Where(f => f != contracts)
            .SelectMany(f => PublicInterface().Matches(File.ReadAllText(f)).Select(m => $"{m.Groups[1].Value} in {Path.GetFileName(f)}"))
            .ToList();
        Assert.True(elsewhere.Count == 0, $"{module}: public interfaces outside {module}Contracts.cs: {string.Join(", ", elsewhere)}");
    }

    [Fact]
    public void Every_event_record_is_in_the_events_file_of_the_module_that_owns_it()
    {
        var records = CoreModules.Core.GetTypes().Where(t => !t.IsAbstract && typeof(IDomainEvent).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(records);
        var misplaced = new List<string>();
        foreach (var record in records)
        {
            var module = record.Namespace!.Split('.')[2];
            var events = Path.Combine(CoreFolder, module, $"{module}Events.cs");
            if (!File.Exists(events) || !Regex.IsMatch(File.ReadAllText(events), $@"\brecord {record.Name}\b"))
            {
                misplaced.Add($"{record.FullName} (expected in {module}/{module}Events.cs)");
            }
        }
        Assert.True(misplaced.Count == 0, string.Join(", ", misplaced));
    }

    [GeneratedRegex(@"^public (?:partial )?interface (\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicInterface();
}
