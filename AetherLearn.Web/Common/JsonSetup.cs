using System.Text.Json;

namespace AetherLearn.Web.Common;

/// <summary>camelCase properties and UPPER_SNAKE enums (CENTRE_ADMIN, exactly one defined name), for the API and everything it writes.</summary>
public static class JsonSetup
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        if (!options.Converters.OfType<StrictEnumConverter>().Any()) { options.Converters.Add(new StrictEnumConverter()); }
        return options;
    }
}
