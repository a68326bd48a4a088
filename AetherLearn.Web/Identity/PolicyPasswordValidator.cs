using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace AetherLearn.Web.Identity;

/// <summary>Identity's password check uses the same rules as account creation.</summary>
internal sealed class PolicyPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(PasswordPolicy.Check(password, user.Email) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "Password", Description = problem })
            : IdentityResult.Success);
}
