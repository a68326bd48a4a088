using System.Reflection;
using AetherLearn.Core.Common.Persistence;
using NetArchTest.Rules;

namespace AetherLearn.Tests.Architecture;

/// <summary>ARCHITECTURE.md §2: modules are namespaces; one module reaches another only through its service interface or its events.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Core = typeof(IDbSession).Assembly;
    private static readonly Assembly Data = typeof(AetherLearn.Data.Common.AetherDbContext).Assembly;
    private static readonly Assembly Web = typeof(AetherLearn.Web.Common.Envelope).Assembly;

    /// <summary>The modules that exist so far (grows with each issue).</summary>
    private static readonly string[] ModuleNames = ["Centres", "Users", "Audit", "Content", "Progression", "Sessions", "Attempts", "Homework", "Notifications"];

    public static TheoryData<string> Modules => new(ModuleNames);

    [Fact]
    public void Core_has_no_database_provider_and_knows_nothing_of_data_or_web()
    {
        var result = Types.InAssembly(Core).ShouldNot()
            .HaveDependencyOnAny("AetherLearn.Data", "AetherLearn.Web", "Npgsql", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.Data.Sqlite", "MudBlazor")
            .GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Data_does_not_depend_on_web()
    {
        var result = Types.InAssembly(Data).ShouldNot().HaveDependencyOn("AetherLearn.Web").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Api_endpoints_and_pages_reach_data_only_through_core_services()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespaceStartingWith("AetherLearn.Web.Api")
            .Or().ResideInNamespaceStartingWith("AetherLearn.Web.Components")
            .Or().ResideInNamespaceStartingWith("AetherLearn.Web.Realtime")
            .Or().ResideInNamespaceStartingWith("AetherLearn.Web.Notifications")
            .ShouldNot().HaveDependencyOn("AetherLearn.Data").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_does_not_touch_another_modules_tables_or_implementation(string module)
    {
        var forbidden = ModuleNames.Where(m => m != module).SelectMany(PrivatePartsOf).ToArray();
        foreach (var assembly in new[] { Core, Data })
        {
            var result = Types.InAssembly(assembly).That().ResideInNamespace($"{assembly.GetName().Name}.{module}")
                .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            Assert.True(result.IsSuccessful, $"{module} in {assembly.GetName().Name}: {Describe(result)}");
        }
    }

    /// <summary>
    /// What only the module itself may use: its database view (I*Db), the entities behind it, and its
    /// non-public types. Its public service interfaces and records stay open to other modules.
    /// </summary>
    private static IEnumerable<string> PrivatePartsOf(string module)
    {
        var types = Core.GetTypes().Where(t => t.Namespace == $"AetherLearn.Core.{module}").ToList();
        var dbViews = types.Where(t => t.IsInterface && typeof(IDbSession).IsAssignableFrom(t)).ToList();
        var entities = dbViews.SelectMany(v => v.GetProperties())
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.Name.StartsWith("DbSet", StringComparison.Ordinal))
            .Select(p => p.PropertyType.GetGenericArguments()[0]);
        return dbViews.Concat(entities).Concat(types.Where(t => !t.IsPublic && !t.IsNested))
            .Select(t => t.FullName!).Distinct();
    }

    private static string Describe(NetArchTest.Rules.TestResult result) =>
        result.IsSuccessful ? "" : "offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
