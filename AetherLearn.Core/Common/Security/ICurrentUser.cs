namespace AetherLearn.Core.Common.Security;

/// <summary>Who is acting: the signed-in user of an HTTP request or a Blazor circuit, or nobody.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }
    Guid? UserId { get; }
    string? Email { get; }
    string? Name { get; }
    Role? Role { get; }
    /// <summary>The centre the user acts in (a super admin's currently selected centre).</summary>
    Guid? CentreId { get; }
    string? IpAddress { get; }

    bool IsInRole(Role minimum) => Role is { } r && RoleRanks.Satisfies(r, minimum);
}

/// <summary>The identity written on data changes and events; a plain record so background work can build one.</summary>
public sealed record Actor(Guid? UserId, string? Email, Guid? CentreId, Role? Role, string? IpAddress)
{
    public static Actor System { get; } = new(null, "system", null, null, null);

    /// <summary>Background work inside one centre.</summary>
    public static Actor SystemIn(Guid centreId) => System with { CentreId = centreId };

    public static Actor From(ICurrentUser user) =>
        new(user.UserId, user.Email, user.CentreId, user.Role, user.IpAddress);
}
