using System.Reflection;
using System.Text.RegularExpressions;
using AetherLearn.Core.Common.Persistence;
using NetArchTest.Rules;

namespace AetherLearn.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md §2: modules are namespaces; one module reaches another only through its service interface or its events.
/// The module list is read from Core, so a new module is guarded the moment its first type exists.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Core = CoreModules.Core;
    private static readonly Assembly Data = typeof(AetherLearn.Data.Common.AetherDbContext).Assembly;
    private static readonly Assembly Web = typeof(AetherLearn.Web.Common.Envelope).Assembly;

    private static readonly string[] ModuleNames = CoreModules.Names;

    public static TheoryData<string> Modules => new(ModuleNames);

    [Fact]
    public void The_module_list_is_read_from_core_and_holds_every_module_known_today()
    {
        // Not a list to keep up to date: a floor, so that a broken derivation cannot make every rule below pass on nothing.
        string[] knownToday = ["Attempts", "Audit", "Centres", "Content", "Gamification", "Homework", "Notifications", "Sessions", "Users"];
        Assert.All(knownToday, m => Assert.Contains(m, ModuleNames));
        Assert.DoesNotContain("Common", ModuleNames);
        Assert.All(WebFoldersOfModules.Values.Concat(KnownWebOffenders.Select(k => k.Module)), m => Assert.Contains(m, ModuleNames));
    }

    [Fact]
    public void The_rule_sees_a_real_dependency()
    {
        // AetherDbContext implements every module's database view, so the check must report it for each one that has a view:
        // proof that the names handed to NetArchTest match the names it reads from the assemblies.
        var withViews = ModuleNames.Where(m => DbViewsOf(m).Any()).ToArray();
        Assert.True(withViews.Length >= 8, $"only {withViews.Length} modules declare a database view");
        foreach (var module in withViews)
        {
            var result = Types.InAssembly(Data).That().HaveName(nameof(AetherLearn.Data.Common.AetherDbContext))
                .ShouldNot().HaveDependencyOnAny(PrivatePartsOf(module).ToArray()).GetResult();
            Assert.False(result.IsSuccessful, $"the check did not see AetherDbContext use {module}'s database view");
        }
    }

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
    public void Web_reaches_data_only_through_core_services()
    {
        // Every Web folder, present and future; only the composition root (Program, WebSetup in AetherLearn.Web itself)
        // and AuthSetup, which hands ASP.NET Identity and the data-protection key ring the context, may name Data.
        var web = Types.InAssembly(Web).That().ResideInNamespaceStartingWith("AetherLearn.Web.")
            .And().DoNotHaveName(nameof(AetherLearn.Web.Identity.AuthSetup));
        Assert.True(web.GetTypes().Count() > 100, "the selection of Web types is nearly empty");
        var result = web.ShouldNot().HaveDependencyOn("AetherLearn.Data").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_does_not_touch_another_modules_tables_or_implementation(string module)
    {
        var forbidden = ModuleNames.Where(m => m != module).SelectMany(PrivatePartsOf).ToArray();
        foreach (var assembly in new[] { Core, Data })
        {
            var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching(NamespaceOf(assembly.GetName().Name!, module))
                .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            Assert.True(result.IsSuccessful, $"{module} in {assembly.GetName().Name}: {Describe(result)}");
        }
    }

    /// <summary>
    /// Web folders that belong to a module without bearing its name. Web/Identity is the Users module's sign-in
    /// adapter: ASP.NET Identity's UserManager&lt;AppUser&gt; works on the Users entity itself, so no contract can stand between.
    /// </summary>
    private static readonly Dictionary<string, string> WebFoldersOfModules = new() { ["Identity"] = "Users" };

    /// <summary>
    /// Today's Web offenders, to be shrunk (never grown): each uses the named module's private parts from outside it.
    /// An entry that no longer offends fails the test, so the list cannot outlive its reason.
    /// </summary>
    private static readonly (string Type, string Module, string Reason)[] KnownWebOffenders =
    [
        ("AetherLearn.Web.Integrations.Push.VapidKeys", "Notifications",
            "reads and writes the PushServerKeys row through INotificationsDb; wants a key store behind a Notifications contract (crypto stays in Web)"),
    ];

    [Theory]
    [MemberData(nameof(Modules))]
    public void Web_uses_a_module_only_through_its_contracts(string module)
    {
        // Every Web folder (Api, Components, Realtime, Jobs, ...) is outside every module but the one it is named for.
        var ownFolders = WebFoldersOfModules.Where(f => f.Value == module).Select(f => f.Key).Append(module);
        var offenders = Types.InAssembly(Web).That()
            .DoNotResideInNamespaceMatching($@"^AetherLearn\.Web\.({string.Join("|", ownFolders)})(\.|$)")
            .ShouldNot().HaveDependencyOnAny(PrivatePartsOf(module).ToArray()).GetResult().FailingTypeNames ?? [];
        var known = KnownWebOffenders.Where(k => k.Module == module).Select(k => k.Type).ToList();

        var fresh = offenders.Select(TopLevel).Distinct().Except(known).ToList();
        var detail = fresh.Select(o => $"{o} uses {string.Join(", ", PrivatePartsOf(module).Where(p => Uses(o, p)))}");
        Assert.True(fresh.Count == 0, $"{module}'s private parts used in Web by: {string.Join("; ", detail)}");
        var cured = known.Except(offenders.Select(TopLevel)).ToList();
        Assert.True(cured.Count == 0, $"no longer using {module}'s private parts, remove from {nameof(KnownWebOffenders)}: {string.Join(", ", cured)}");
    }

    /// <summary>A closure or state machine is reported under its own name; the offence is its enclosing type's.</summary>
    private static string TopLevel(string typeName) => typeName.Split('/', '+')[0];

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_modules_public_types_hand_out_none_of_its_private_parts(string module)
    {
        // A contract that returns an entity hands its table to every caller, and the rules above cannot see that at the call site
        // (IUserSessions.StartAsync returned the UserSession row until issue #12). Entities are not shared read models here:
        // a module that shares data declares a record in its contracts.
        var privateParts = PrivatePartsOf(module).ToHashSet();
        var leaks = (from contract in TypesOf(module)
                     // Static helpers are left out: one taking the module's database view can only be called by a holder of it,
                     // whom the rules above already judge (ContentImport.AddTo serves the demo seed).
                     where contract.IsVisible && !(contract.IsAbstract && contract.IsSealed) && !privateParts.Contains(contract.FullName!)
                     from member in contract.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                     from type in SignatureOf(member)
                     where Mentions(type, privateParts)
                     select $"{contract.Name}.{member.Name} ({type.Name})").Distinct().ToList();
        Assert.True(leaks.Count == 0, $"{module}'s public types hand out its private parts: {string.Join(", ", leaks)}");
    }

    private static IEnumerable<Type> SignatureOf(MemberInfo member) => member switch
    {
        MethodBase method => method.GetParameters().Select(p => p.ParameterType).Concat(method is MethodInfo m ? [m.ReturnType] : []),
        PropertyInfo property => [property.PropertyType],
        FieldInfo field => [field.FieldType],
        _ => [],
    };

    private static bool Mentions(Type type, HashSet<string> names) =>
        type.HasElementType ? Mentions(type.GetElementType()!, names)
        : (type.FullName is { } name && names.Contains(name)) || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, names)));

    /// <summary>For the failure message: which of the private parts the offender uses.</summary>
    private static bool Uses(string typeName, string dependency) =>
        !Types.InAssembly(Web).That().ResideInNamespaceMatching("^" + Regex.Escape(typeName[..typeName.LastIndexOf('.')]) + "$")
            .And().HaveName(typeName[(typeName.LastIndexOf('.') + 1)..])
            .ShouldNot().HaveDependencyOn(dependency).GetResult().IsSuccessful;

    /// <summary>The module's folder in an assembly and every folder under it (Core/Gamification/Rules belongs to Gamification).</summary>
    private static string NamespaceOf(string assembly, string module) => $@"^{Regex.Escape(assembly)}\.{module}(\.|$)";

    private static IEnumerable<Type> TypesOf(string module) =>
        Core.GetTypes().Where(t => t.Namespace is { } ns && Regex.IsMatch(ns, NamespaceOf("AetherLearn.Core", module)));

    private static IEnumerable<Type> DbViewsOf(string module) =>
        TypesOf(module).Where(t => t.IsInterface && typeof(IDbSession).IsAssignableFrom(t));

    /// <summary>
    /// What only the module itself may use: its database view (I*Db), the entities behind it, and its
    /// non-public types. Its public service interfaces and records stay open to other modules.
    /// </summary>
    private static IEnumerable<string> PrivatePartsOf(string module)
    {
        var dbViews = DbViewsOf(module).ToList();
        var entities = dbViews.SelectMany(v => v.GetProperties())
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.Name.StartsWith("DbSet", StringComparison.Ordinal))
            .Select(p => p.PropertyType.GetGenericArguments()[0]);
        return dbViews.Concat(entities).Concat(TypesOf(module).Where(t => !t.IsPublic && !t.IsNested))
            .Select(t => t.FullName!).Distinct();
    }

    private static string Describe(NetArchTest.Rules.TestResult result) =>
        result.IsSuccessful ? "" : "offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
