using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Core.Users;

/// <summary>
/// Whose records a caller may read about one student (homework, progress): a student their own (the id may be left
/// out), a parent their own child, Teacher+ any student of the centre. Anyone else's child is answered as missing.
/// </summary>
public static class StudentAccess
{
    public static async Task<Person> ReadableStudentAsync(this IPeopleDirectory people, ICurrentUser caller, Guid? studentId, CancellationToken ct = default)
    {
        var student = caller.Role switch
        {
            Role.Student => studentId is null || studentId == caller.UserId ? caller.UserId!.Value : throw new NotFoundException("Student"),
            Role.Parent => studentId is { } child && await people.IsParentOfAsync(caller.UserId!.Value, child, ct)
                ? child : throw (studentId is null ? DomainValidationException.For("studentId", "Choose one of your children") : new NotFoundException("Student")),
            { } role when RoleRanks.Satisfies(role, Role.Teacher) => studentId ?? throw DomainValidationException.For("studentId", "studentId is required"),
            _ => throw new ForbiddenException(),
        };
        var found = await people.FindAsync([student], ct);
        return found.TryGetValue(student, out var person) && person.Role == Role.Student ? person : throw new NotFoundException("Student");
    }
}
