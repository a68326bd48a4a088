using AetherLearn.Core.Progression;
using AetherLearn.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AetherLearn.Web.Components.Pages.Student;

/// <summary>A student's own progress in pictures: scores over time and mastery per unit of their level, with a word of encouragement.</summary>
public partial class Progress
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IProgressCharts Charts { get; set; } = default!;
    [Inject] private PageActions Actions { get; set; } = default!;

    private StudentProgressCharts? _progress;
    private string? _error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _error = null;
        _error = await Actions.LoadAsync(async () => _progress = await Charts.ForStudentAsync((await AuthState).User.UserId()!.Value),
            "Your progress could not be loaded. Please try again.");
    }

    /// <summary>Words that fit where the student is: just starting, going up, or keeping at it.</summary>
    private string Cheer => Encouragement(_progress!);

    public static string Encouragement(StudentProgressCharts progress)
    {
        var scores = progress.Scores.Overall?.Averages.OfType<int>().ToList() ?? [];
        var mastered = progress.Mastery.Sum(c => c.Mastered);
        return scores.Count switch
        {
            0 when mastered == 0 => "Welcome! Finish your first exercises and watch your charts grow.",
            >= 2 when scores[^1] > scores[0] => "Your scores are going up. Brilliant work, keep it going!",
            _ when mastered > 0 => $"You have mastered {mastered} {(mastered == 1 ? "exercise" : "exercises")} so far. Every one counts!",
            _ => "Every exercise you finish helps. Keep going!",
        };
    }
}
