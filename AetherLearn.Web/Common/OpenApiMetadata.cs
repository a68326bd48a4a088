using Microsoft.AspNetCore.Http.Metadata;

namespace AetherLearn.Web.Common;

/// <summary>
/// On a handler that reads an optional JSON body itself (<see cref="OptionalBody"/>): tells the OpenAPI document the
/// body's shape, which it cannot see from an <c>HttpRequest</c> parameter, so generated clients can send it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptionalJsonBodyAttribute(Type requestType) : Attribute, IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes { get; } = ["application/json"];
    public Type? RequestType { get; } = requestType;
    public bool IsOptional => true;
}

/// <summary>
/// An error answer particular to this handler (a 409 when the record's state forbids the action, a 423…), described
/// in the OpenAPI document with the envelope. The answers every operation shares (400, 401, 403, 404, 429) are added
/// by <see cref="OpenApiSetup"/> from the operation's shape.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ErrorResponseAttribute(int statusCode, string description) : Attribute
{
    public int StatusCode { get; } = statusCode;
    public string Description { get; } = description;
}
