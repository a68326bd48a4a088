using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;

namespace AetherLearn.Core.Notifications.Routing;

/// <summary>Someone a notification goes to; <see cref="StudentId"/> is the student it is about (a parent's child, or themself).</summary>
internal sealed record Recipient(Guid UserId, string Name, Role Role, Guid? StudentId);

/// <summary>
/// Who each route's audience is for one event. The people the event names come from its <see cref="EventFacts"/>; the
/// parents of its students and the centre's supervisors are asked for at most once per event, whichever routes need them.
/// </summary>
internal sealed class EventRecipients(IPeopleDirectory people, EventFacts facts)
{
    private readonly Dictionary<Guid, IReadOnlyList<Person>> _parents = new();
    private IReadOnlyList<Person>? _supervisors;

    public async Task<IReadOnlyList<Recipient>> ForAsync(Audience audience, CancellationToken ct)
    {
        var list = new List<Recipient>();
        var student = facts.StudentId;
        if (audience.HasFlag(Audience.Student) && student is { } s && facts.People.GetValueOrDefault(s) is { IsActive: true } person)
        {
            list.Add(new Recipient(person.Id, person.Name, person.Role, s));
        }
        IReadOnlyList<Guid> children = audience.HasFlag(Audience.SessionParents) ? facts.SessionStudents
            : audience.HasFlag(Audience.Parents) && student is { } one ? [one] : [];
        if (children.Count > 0)
        {
            foreach (var (child, parents) in await ParentsOfAsync(children, ct))
            {
                list.AddRange(parents.Select(p => new Recipient(p.Id, p.Name, p.Role, child)));
            }
        }
        if (audience.HasFlag(Audience.HomeworkSetter) && facts.SetterId is { } setter && facts.People.GetValueOrDefault(setter) is { IsActive: true } tutor)
        {
            list.Add(new Recipient(tutor.Id, tutor.Name, tutor.Role, student));
        }
        if (audience.HasFlag(Audience.Supervisors))
        {
            _supervisors ??= await people.WithRolesAsync([Role.Supervisor, Role.CentreAdmin], ct);
            list.AddRange(_supervisors.Select(p => new Recipient(p.Id, p.Name, p.Role, null)));
        }
        if (audience.HasFlag(Audience.NamedParent) && facts.ParentId is { } parentId
            && facts.People.GetValueOrDefault(parentId) is { IsActive: true, Role: Role.Parent } parent)
        {
            list.Add(new Recipient(parent.Id, parent.Name, parent.Role, null));
        }
        return list.DistinctBy(r => (r.UserId, r.StudentId)).ToList();
    }

    private async Task<IEnumerable<(Guid Child, IReadOnlyList<Person> Parents)>> ParentsOfAsync(IReadOnlyList<Guid> children, CancellationToken ct)
    {
        var missing = children.Where(c => !_parents.ContainsKey(c)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var found = await people.ParentsOfAsync(missing, ct);
            foreach (var child in missing) { _parents[child] = found.GetValueOrDefault(child) ?? []; }
        }
        return children.Distinct().Where(c => _parents[c].Count > 0).Select(c => (c, _parents[c]));
    }
}
