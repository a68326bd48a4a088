using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Users;

public partial class UserDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public Guid? UserId { get; set; }
    [Inject] private IUserService Users { get; set; } = default!;
    [Inject] private ICurrentUser CurrentUser { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private bool _loading = true;
    private string? _fatal;
    private string? _formError;
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();

    private string? _name;
    private string? _email;
    private Role? _role;
    private string? _password;
    private bool _active = true;
    private IReadOnlyCollection<Guid> _childIds = [];
    private string? _schoolYear;
    private string? _schoolName;
    // Fields the dialog does not show are sent back as loaded, so saving never erases them.
    private DateOnly? _dateOfBirth;
    private string? _profileNotes;
    private IReadOnlyList<PersonRef> _students = [];
    private IReadOnlyList<Role> _assignableRoles = [];

    protected override async Task OnInitializedAsync()
    {
        _fatal = await Actions.LoadAsync(async () =>
        {
            _assignableRoles = RoleRanks.All.Where(r => RoleRanks.CanManage(CurrentUser.Role!.Value, r)).ToList();
            _students = await Users.ListStudentsAsync();
            if (UserId is { } id)
            {
                var user = await Users.GetAsync(id);
                (_name, _email, _role, _active) = (user.Name, user.Email, user.Role, user.IsActive);
                _childIds = user.Children.Select(c => c.Id).ToList();
                (_schoolYear, _schoolName) = (user.StudentProfile?.SchoolYear, user.StudentProfile?.SchoolName);
                (_dateOfBirth, _profileNotes) = (user.StudentProfile?.DateOfBirth, user.StudentProfile?.Notes);
                if (!_assignableRoles.Contains(user.Role)) { _assignableRoles = [.. _assignableRoles, user.Role]; }
            }
        }, "The user could not be loaded. Please try again.", ex => ex is NotFoundException ? "This user no longer exists." : null);
        _loading = false;
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? Err(string field) => _errors.GetValueOrDefault(field);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        _formError = await Actions.TryAsync(async () =>
        {
            var children = _role == Role.Parent ? _childIds.ToList() : null;
            var profile = _role == Role.Student ? new StudentProfileDto(_schoolYear, _schoolName, _dateOfBirth, _profileNotes) : null;
            if (UserId is { } id)
            {
                var current = await Users.GetAsync(id);
                await Users.UpdateAsync(id, new UpdateUserRequest(
                    _name, _email == current.Email ? null : _email, _role == current.Role ? null : _role,
                    _active == current.IsActive ? null : _active, children, profile));
                Dialog.Close(DialogResult.Ok($"Saved {_name}"));
            }
            else
            {
                await Users.CreateAsync(new CreateUserRequest(_email ?? "", _name ?? "", _role, _password ?? "", children, profile));
                Dialog.Close(DialogResult.Ok($"Added {_name}"));
            }
        }, "Saving failed. Nothing was changed; please try again.", ex =>
        {
            switch (ex)
            {
                case DomainValidationException invalid:
                    _errors = invalid.Details;
                    return "Please correct the highlighted fields.";
                case NotFoundException: return "This user no longer exists.";
                default: return null;
            }
        });
    }
}
