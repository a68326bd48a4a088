using AetherLearn.Core.Attempts;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
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
    [Inject] private IAttemptQueries Attempts { get; set; } = default!;
    [Inject] private IExerciseCatalog Catalog { get; set; } = default!;
    [Inject] private Common.CentreTime Time { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private List<ChildView>? _children;
    private string? _error;

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
                var done = (await Attempts.RecentAsync(child.Id, 20)).Where(a => a.Status == AttemptStatus.Submitted).Take(10).ToList();
                var titles = await Catalog.FindManyAsync(done.Select(a => a.ExerciseId));
                children.Add(new ChildView(child.Id, child.Name, await Homework.ListAsync(child.Id),
                    done.Select(a => (titles.GetValueOrDefault(a.ExerciseId)?.Title ?? "", Time.Local(a.SubmittedAt!.Value).ToString("d MMM HH:mm"), a.ScorePercent ?? 0)).ToList()));
            }
            _children = children;
        }, "Your children's work could not be loaded. Please refresh the page.");
    }
}
