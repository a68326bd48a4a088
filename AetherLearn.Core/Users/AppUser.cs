using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Core.Users;

/// <summary>Anyone who signs in: staff, students and parents. One role each, in one centre.</summary>
public sealed class AppUser : IdentityUser<Guid>, ICentreOwned, IAudited
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public required string DisplayName { get; set; }
    public Role Role { get; set; }
    /// <summary>The user's centre; for a super admin, the centre they have currently switched to.</summary>
    public Guid CentreId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
    /// <summary>
    /// The 30-second step of the last authenticator code accepted for this account: a code (or an older one)
    /// is refused once used, so a code seen over a shoulder or in a log cannot be replayed within its window.
    /// </summary>
    public long? LastTotpStep { get; set; }
}

/// <summary>School details a tutor needs about a student.</summary>
public sealed class StudentProfile : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid StudentId { get; set; }
    public string? SchoolYear { get; set; }
    public string? SchoolName { get; set; }
    public DateOnly? DateOfBirth { get; set; }
    public string? Notes { get; set; }
}

/// <summary>A parent (or carer) who follows a student.</summary>
public sealed class ParentChildLink : ICentreOwned, IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CentreId { get; set; }
    public Guid ParentId { get; set; }
    public Guid StudentId { get; set; }
}

public enum SessionKind
{
    Cookie,
    Bearer,
}

/// <summary>
/// A signed-in session (browser cookie or API token). Held server-side so that signing out
/// really ends it and inactivity is measured by the server, not by the client.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public SessionKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>Absolute end (bearer tokens); cookies end by inactivity.</summary>
    public DateTime? ExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
