using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Users;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Parent;

public partial class ParentHome
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IUserService Users { get; set; } = default!;
    [Inject] private IHomeworkService Homework { get; set; } = default!;
    [Inject] private IProgressOverview Progress { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    /// <summary>The child whose tab opens first (a notification about them links here with <c>?child=</c>).</summary>
    [SupplyParameterFromQuery(Name = "child")] public Guid? Child { get; set; }

    private List<ChildView>? _children;
    private string? _error;
    private int _tab;

    private sealed record ChildView(Guid Id, string Name, IReadOnlyList<HomeworkItem> Homework, IReadOnlyList<(string Title, string FinishedAt, int Score)> Results);

    protected override async Task OnInitializedAsync()
    {
        _error = await Actions.LoadAsync(async () =>
        {
            await Time.ZoneAsync();
            var me = await Users.GetAsync((await AuthState).User.UserId()!.Value);
            var children = new List<ChildView>();
            // Only the children linked to this parent are read (UserService returns this parent's own links).
            foreach (var child in me.Children)
            {
                var results = await Progress.RecentResultsAsync(child.Id, 10);
                children.Add(new ChildView(child.Id, child.Name, await Homework.ListAsync(child.Id),
                    results.Select(r => (r.ExerciseTitle, Time.Local(r.SubmittedAt).ToString("d MMM HH:mm"), r.ScorePercent)).ToList()));
            }
            _children = children;
            ShowChild();
        }, "Your children's work could not be loaded. Please refresh the page.");
    }

    // Opening another child's notification while already here changes only the query.
    protected override void OnParametersSet() => ShowChild();

    /// <summary>A child not linked to this parent (or none named) opens the first tab.</summary>
    private void ShowChild() => _tab = Math.Max(0, _children?.FindIndex(c => c.Id == Child) ?? 0);
}
