using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AetherLearn.Data.Common;

internal static class JsonColumns
{
    public const string Annotation = "AetherLearn:Json";

    /// <summary>A structured value stored as one JSON document.</summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property) where T : class? =>
        property.HasConversion(new JsonConverter<T>(), new JsonComparer<T>()).HasAnnotation(Annotation, true);

    /// <summary>A string column that holds JSON text.</summary>
    public static PropertyBuilder<T> IsJsonText<T>(this PropertyBuilder<T> property) => property.HasAnnotation(Annotation, true);

    /// <summary>On PostgreSQL JSON columns are jsonb, so they can be queried and indexed there.</summary>
    public static void UseJsonb(this ModelBuilder builder)
    {
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.FindAnnotation(Annotation) is not null))
        {
            property.SetColumnType("jsonb");
        }
    }
}
