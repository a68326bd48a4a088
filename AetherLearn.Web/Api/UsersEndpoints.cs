using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AetherLearn.Web.Api;

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Authenticated);
        users.MapGet("/", ListUsers).RequireAuthorization(Policies.AdminPlus);
        users.MapPost("/", CreateUser).RequireAuthorization(Policies.AdminPlus);
        // Self or Admin+: the service decides, since "self" depends on the id.
        users.MapGet("/{id:guid}", GetUser);
        users.MapPatch("/{id:guid}", UpdateUser);
        return app;
    }

    /// <summary>Search and page through the people of the caller's centre.</summary>
    /// <remarks>Admins. Filter by <c>search</c> (name or e-mail), <c>role</c> and <c>status</c> (UPPER_SNAKE); pages of <c>limit</c> (default 20) with <c>pagination</c> in the answer.</remarks>
    public static async Task<Ok<ApiEnvelope<IReadOnlyList<UserSummary>>>> ListUsers(
        IUserService users, string? search, EnumName<Role>? role, EnumName<UserStatus>? status, int? page, int? limit, CancellationToken ct)
    {
        var query = new UserListQuery(search, role?.Value, status?.Value, page ?? 1, limit ?? 20);
        return TypedResults.Ok(Envelope.Paged(await users.ListAsync(query, ct)));
    }

    /// <summary>Add a person (staff, student or parent) to the centre.</summary>
    /// <remarks>Admins. Creates the account with a first password; parents can be linked to their children with <c>childIds</c>. An e-mail address already in use is refused (400, <c>details.email</c>).</remarks>
    public static async Task<Created<ApiEnvelope<UserDetail>>> CreateUser(CreateUserRequest request, IUserService users, CancellationToken ct)
    {
        var user = await users.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", Envelope.Of(user));
    }

    /// <summary>Read one person's account.</summary>
    /// <remarks>A person reads their own account; admins read anyone in their centre.</remarks>
    public static async Task<Ok<ApiEnvelope<UserDetail>>> GetUser(Guid id, IUserService users, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await users.GetAsync(id, ct)));

    /// <summary>Change one person's account.</summary>
    /// <remarks>A person changes their own name and profile; admins also change e-mail, role, status (deactivate) and parent links. Only the fields sent change.</remarks>
    public static async Task<Ok<ApiEnvelope<UserDetail>>> UpdateUser(Guid id, UpdateUserRequest request, IUserService users, CancellationToken ct) =>
        TypedResults.Ok(Envelope.Of(await users.UpdateAsync(id, request, ct)));
}
