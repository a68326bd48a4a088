using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AetherLearn.Web.Common;

/// <summary>What the OpenAPI document says about input rules the API enforces (issue #11).</summary>
public static class OpenApiInputRules
{
    public static OpenApiOptions AddInputRules(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        // The strict enum converter is not one the schema generator knows, so it would describe enums as anything:
        // say they are strings, one of the UPPER_SNAKE names.
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = EnumText.Names(type).Select(n => (JsonNode)JsonValue.Create(n)).ToList();
        }
        // A list of enums (a user's roles): the generator leaves the unknown converter's items out altogether.
        if (schema.Type is { } kind && kind.HasFlag(JsonSchemaType.Array) && schema.Items is null
            && context.JsonTypeInfo.ElementType is { } element && (Nullable.GetUnderlyingType(element) ?? element).IsEnum)
        {
            schema.Items = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = EnumText.Names(Nullable.GetUnderlyingType(element) ?? element).Select(n => (JsonNode)JsonValue.Create(n)).ToList(),
            };
        }
        return Task.CompletedTask;
    }).AddOperationTransformer((operation, context, _) =>
    {
        // Query and route enums are EnumName<T> (bound as text): list the names they accept.
        foreach (var description in context.Description.ParameterDescriptions)
        {
            var type = description.Type is null ? null : EnumName.EnumTypeOf(Nullable.GetUnderlyingType(description.Type) ?? description.Type);
            if (type is null) { continue; }
            if (operation.Parameters?.FirstOrDefault(p => p.Name == description.Name) is OpenApiParameter { Schema: OpenApiSchema schema })
            {
                schema.Type = JsonSchemaType.String;
                schema.Format = null;
                schema.Enum = EnumText.Names(type).Select(n => (JsonNode)JsonValue.Create(n)).ToList();
            }
        }
        return Task.CompletedTask;
    });
}
