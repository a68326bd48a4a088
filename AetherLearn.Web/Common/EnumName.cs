using System.Diagnostics.CodeAnalysis;

namespace AetherLearn.Web.Common;

/// <summary>
/// An enum in a query string or route value (<c>?role=CENTRE_ADMIN</c>), bound by <see cref="EnumText"/>'s rule:
/// exactly one defined UPPER_SNAKE name. A handler parameter typed as the enum itself would be bound by
/// <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>, which reads C# names only and also takes numbers and
/// combined names; the binder refuses anything else with a 400 naming the parameter.
/// </summary>
public readonly record struct EnumName<T>(T Value) where T : struct, Enum
{
    public static bool TryParse(string? value, [MaybeNullWhen(false)] out EnumName<T> result)
    {
        var ok = EnumText.TryParse<T>(value?.Trim(), out var parsed);
        result = new EnumName<T>(parsed);
        return ok;
    }

    public override string ToString() => EnumText.Of(Value);
}

public static class EnumName
{
    /// <summary>The enum behind an <see cref="EnumName{T}"/> type, else null.</summary>
    public static Type? EnumTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EnumName<>) ? type.GetGenericArguments()[0] : null;
}
