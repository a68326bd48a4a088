using AetherLearn.Core.Common.Persistence;
using NetArchTest.Rules;

namespace AetherLearn.Tests.Architecture;

/// <summary>
/// Dependencies between modules go one way: when one module uses another (its contracts or events), the other does not use
/// it back. A module that needs something from a module that already uses it declares an interface the other implements
/// (as Attempts does with <c>IEnrolmentCheck</c>), or the work moves to a third module (as sequencing moved from Content
/// to Progression, which reads both Content and Attempts, issue #12).
/// </summary>
public sealed class ModuleCycleTests
{
    private static readonly System.Reflection.Assembly Core = CoreModules.Core;

    private static IReadOnlyList<string> Modules() => CoreModules.Names;

    /// <summary>The types of <paramref name="from"/> that use something of <paramref name="to"/>.</summary>
    private static IReadOnlyList<string> Uses(string from, string to) =>
        Types.InAssembly(Core).That().ResideInNamespace($"AetherLearn.Core.{from}")
            .ShouldNot().HaveDependencyOn($"AetherLearn.Core.{to}").GetResult().FailingTypeNames ?? [];

    [Fact]
    public void The_modules_are_read_from_core_and_include_progression()
    {
        Assert.Contains("Progression", Modules());
        Assert.Contains("Content", Modules());
        Assert.Contains("Attempts", Modules());
        Assert.DoesNotContain("Common", Modules());
    }

    [Fact]
    public void Content_and_attempts_do_not_use_each_other_both_ways()
    {
        Assert.NotEmpty(Uses("Attempts", "Content"));
        Assert.Empty(Uses("Content", "Attempts"));
        Assert.Empty(Uses("Content", "Progression"));
        Assert.Empty(Uses("Attempts", "Progression"));
    }

    [Fact]
    public void No_two_modules_use_each_other()
    {
        var modules = Modules();
        var cycles = (from a in modules
                      from b in modules
                      where string.CompareOrdinal(a, b) < 0
                      let there = Uses(a, b)
                      let back = Uses(b, a)
                      where there.Count > 0 && back.Count > 0
                      select $"{a} ↔ {b} ({string.Join(", ", there.Take(3))} / {string.Join(", ", back.Take(3))})").ToList();
        Assert.True(cycles.Count == 0, "modules that use each other: " + string.Join("; ", cycles));
    }
}
