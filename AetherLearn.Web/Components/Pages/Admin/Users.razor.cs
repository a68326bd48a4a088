using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Users;
using AetherLearn.Web.Components.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AetherLearn.Web.Components.Pages.Admin;

public partial class Users
{
    [Inject] private IUserService UserService { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "role")] private string? RoleQuery { get; set; }

    private MudTable<UserSummary>? _table;
    private string? _search;
    private Role? _role;
    private UserStatus? _status;
    private string? _loadError;

    protected override async Task OnInitializedAsync()
    {
        try { _role = Common.EnumText.Parse<Role>(RoleQuery, "role"); }
        catch (Core.Common.Errors.DomainValidationException) { _role = null; }
        // Last sign-ins read in the centre's time.
        await Time.ZoneAsync();
    }

    private async Task<TableData<UserSummary>> LoadAsync(TableState state, CancellationToken ct)
    {
        // The table's callback re-renders only the table; the alert lives on the page.
        if (_loadError is not null) { _loadError = null; await InvokeAsync(StateHasChanged); }
        var data = new TableData<UserSummary> { Items = [], TotalItems = 0 };
        // A search typed over a slower one cancels it: the table stays empty for the moment, with nothing to say.
        _loadError = await Actions.LoadAsync(async () =>
        {
            var page = await UserService.ListAsync(new UserListQuery(_search, _role, _status, state.Page + 1, state.PageSize), ct);
            data = new TableData<UserSummary> { Items = page.Items, TotalItems = page.Pagination.Total };
        }, "Users could not be loaded. Check your connection and try again.");
        if (_loadError is not null) { await InvokeAsync(StateHasChanged); }
        return data;
    }

    private Task OnSearchChanged(string? value) { _search = value; return ReloadAsync(); }
    private Task OnRoleChanged(Role? value) { _role = value; return ReloadAsync(); }
    private Task OnStatusChanged(UserStatus? value) { _status = value; return ReloadAsync(); }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task CreateAsync() => OpenDialogAsync(null, "Add user");

    private Task EditAsync(Guid id) => OpenDialogAsync(id, "Edit user");

    private async Task OpenDialogAsync(Guid? id, string title)
    {
        var parameters = new DialogParameters<UserDialog> { { d => d.UserId, id } };
        var dialog = await Dialogs.ShowAsync<UserDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string message })
        {
            Snackbar.Add(message, Severity.Success);
            await ReloadAsync();
        }
    }
}
