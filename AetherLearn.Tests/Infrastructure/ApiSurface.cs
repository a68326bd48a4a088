using System.Collections;
using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>One API operation as the running app maps it: its handler, body type, and route and query parameters.</summary>
public sealed record ApiOperation(string Method, string Template, MethodInfo Handler, Type? BodyType,
    IReadOnlyList<ParameterInfo> RouteParameters, IReadOnlyList<ParameterInfo> QueryParameters)
{
    /// <summary>The path with every route value filled in (a fresh id for ids), or <paramref name="value"/> for one parameter.</summary>
    public string Path(string? parameter = null, string? value = null)
    {
        var path = Template;
        foreach (var p in RouteParameters)
        {
            var text = p.Name == parameter ? Uri.EscapeDataString(value!) : ApiSurface.SampleRouteValue(p.ParameterType);
            path = System.Text.RegularExpressions.Regex.Replace(path, $"{{{p.Name}(:[^}}]*)?}}", text, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
        return path;
    }

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>A member somewhere in a body (<c>openingHours[0].day</c>), or a dictionary's key, and how to build a body that sets it.</summary>
/// <remarks><see cref="Member"/> is the property for a member, null for a list item or a dictionary key.</remarks>
public sealed record BodyField(string Path, Type Type, bool IsKey, PropertyInfo? Member, Func<string, JsonNode> Build);

/// <summary>
/// The API surface discovered from the app's own endpoint metadata, so the input sweeps (issue #11) cover a new
/// endpoint, parameter or body member without being edited.
/// </summary>
public static class ApiSurface
{
    public static IReadOnlyList<ApiOperation> Operations(AppHost host)
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var operations = new List<ApiOperation>();
        foreach (var endpoint in endpoints)
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!template.StartsWith("/api/", StringComparison.Ordinal)) { continue; }
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler) { continue; }
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var body = endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Select(a => a.RequestType).FirstOrDefault(t => t is not null);
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var parameters = handler.GetParameters();
            var route = parameters.Where(p => routeNames.Contains(p.Name!)).ToList();
            var query = parameters.Where(p => !routeNames.Contains(p.Name!) && p.ParameterType != body && IsQueryBindable(p)).ToList();
            operations.Add(new ApiOperation(method, template, handler, body, route, query));
        }
        return operations;
    }

    /// <summary>Enum members the app reads: the enum, its nullable, or <see cref="EnumName{T}"/>.</summary>
    public static Type? EnumOf(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        return bare.IsEnum ? bare : EnumName.EnumTypeOf(bare);
    }

    /// <summary>Every member of <paramref name="bodyType"/> (nested objects, lists and dictionaries too) whose type <paramref name="wanted"/> picks.</summary>
    public static IReadOnlyList<BodyField> Fields(Type bodyType, Func<Type, bool> wanted)
    {
        var found = new List<BodyField>();
        Walk(bodyType, "", null, node => node, wanted, found, 0);
        return found;
    }

    internal static string SampleRouteValue(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        if (bare == typeof(Guid)) { return Guid.NewGuid().ToString(); }
        if (bare == typeof(int) || bare == typeof(long)) { return "1"; }
        return EnumOf(bare) is { } e ? EnumText.Names(e)[0] : "x";
    }

    private static bool IsQueryBindable(ParameterInfo p)
    {
        if (p.GetCustomAttributes().Any(a => a.GetType().Name is "FromServicesAttribute" or "FromHeaderAttribute" or "FromFormAttribute" or "FromBodyAttribute"))
        {
            return false;
        }
        var bare = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        return bare == typeof(string) || bare.IsPrimitive || bare.IsEnum || bare == typeof(Guid) || bare == typeof(DateTime) || bare == typeof(DateTimeOffset)
            || bare == typeof(DateOnly) || bare == typeof(decimal) || EnumName.EnumTypeOf(bare) is not null;
    }

    private static void Walk(Type type, string path, PropertyInfo? member, Func<JsonNode, JsonNode> wrap, Func<Type, bool> wanted, List<BodyField> found, int depth)
    {
        if (depth > 10) { return; }
        if (wanted(type))
        {
            found.Add(new BodyField(path, type, false, member, text => wrap(JsonValue.Create(text))));
            return;
        }
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        if (bare == typeof(string) || bare.IsPrimitive || bare.IsEnum || bare == typeof(JsonElement) || bare == typeof(object) || bare.IsValueType) { return; }

        if (DictionaryTypes(bare) is var (key, value))
        {
            if (wanted(key)) { found.Add(new BodyField(path, key, true, null, text => wrap(new JsonObject { [text] = Sample(value) }))); }
            var sampleKey = EnumOf(key) is { } keyEnum ? EnumText.Names(keyEnum)[0] : "x";
            Walk(value, $"{path}.{sampleKey}", null, node => wrap(new JsonObject { [sampleKey] = node }), wanted, found, depth + 1);
            return;
        }
        if (bare.IsArray || (typeof(IEnumerable).IsAssignableFrom(bare) && bare.IsGenericType))
        {
            var element = bare.IsArray ? bare.GetElementType()! : bare.GetGenericArguments()[0];
            Walk(element, $"{path}[0]", null, node => wrap(new JsonArray(node)), wanted, found, depth + 1);
            return;
        }
        foreach (var property in bare.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) { continue; }
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Walk(property.PropertyType, path.Length == 0 ? name : $"{path}.{name}", property, node => wrap(new JsonObject { [name] = node }), wanted, found, depth + 1);
        }
    }

    /// <summary>A valid JSON value of <paramref name="type"/>'s kind, for a dictionary entry whose key is under test.</summary>
    private static JsonNode? Sample(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        if (bare == typeof(bool)) { return JsonValue.Create(false); }
        if (bare.IsPrimitive || bare == typeof(decimal)) { return JsonValue.Create(0); }
        if (bare == typeof(string)) { return JsonValue.Create("x"); }
        if (EnumOf(bare) is { } e) { return JsonValue.Create(EnumText.Names(e)[0]); }
        if (bare == typeof(JsonElement)) { return JsonValue.Create(1); }
        return new JsonObject();
    }

    private static (Type Key, Type Value)? DictionaryTypes(Type type)
    {
        var dictionary = new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));
        return dictionary is null ? null : (dictionary.GetGenericArguments()[0], dictionary.GetGenericArguments()[1]);
    }
}

/// <summary>
/// What is stored, as one hash per table, to show a refused request changed nothing. Tables that background work
/// writes by itself (sign-in sessions, the outbox, deliveries, boards) are left out by the caller.
/// </summary>
public static class StoredState
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(AppHost host, params string[] leaveOut)
    {
        await using var db = host.Db();
        var tables = db.Model.GetEntityTypes()
            .Where(e => !leaveOut.Contains(e.ClrType.Name))
            .Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var hashes = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            var rows = new List<string>();
            await using (DbDataReader reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var cells = new string[reader.FieldCount];
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        cells[i] = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                        {
                            byte[] bytes => Convert.ToBase64String(bytes),
                            DateTime d => d.ToString("O"),
                            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                        };
                    }
                    rows.Add(string.Join('\u001f', cells));
                }
            }
            rows.Sort(StringComparer.Ordinal);
            hashes[table] = $"{rows.Count} rows, {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))))[..16]}";
        }
        return hashes;
    }

    /// <summary>The tables whose content differs, for an assertion message.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t)} → {after.GetValueOrDefault(t)}").ToList();
}
