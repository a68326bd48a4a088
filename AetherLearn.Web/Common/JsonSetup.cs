using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherLearn.Web.Common;

/// <summary>camelCase properties and UPPER_SNAKE enums (CENTRE_ADMIN), for the API and everything it writes.</summary>
public static class JsonSetup
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        }
        return options;
    }
}
