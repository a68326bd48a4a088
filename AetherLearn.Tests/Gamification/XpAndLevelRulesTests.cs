using AetherLearn.Core.Gamification.Rules;

namespace AetherLearn.Tests.Gamification;

public sealed class XpAndLevelRulesTests
{
    [Theory]
    [InlineData("ATTENDING", 10)]
    [InlineData("LATE", 10)]
    [InlineData("ABSENT", 0)]
    [InlineData("EXCUSED", 0)]
    public void Being_in_the_lesson_earns_ten(string status, int xp) => Assert.Equal(xp, XpRules.ForAttendance(status));

    [Theory]
    [InlineData(ExerciseDifficulty.Easy, 0, 5)]
    [InlineData(ExerciseDifficulty.Easy, 50, 8)]
    [InlineData(ExerciseDifficulty.Easy, 99, 10)]
    [InlineData(ExerciseDifficulty.Easy, 100, 15)]
    [InlineData(ExerciseDifficulty.Medium, 60, 12)]
    [InlineData(ExerciseDifficulty.Hard, 80, 18)]
    [InlineData(ExerciseDifficulty.Hard, 100, 25)]
    [InlineData(ExerciseDifficulty.Hard, 140, 25)]
    public void An_exercise_pays_for_finishing_and_more_for_scoring_well_and_harder_work(ExerciseDifficulty difficulty, int score, int xp) =>
        Assert.Equal(xp, XpRules.ForExercise(difficulty, score));

    [Fact]
    public void Work_awaiting_a_marker_earns_nothing_until_marked() => Assert.Equal(0, XpRules.ForExercise(ExerciseDifficulty.Hard, null));

    [Fact]
    public void The_score_steps_of_an_exercise_are_the_bands_that_earn_the_same_xp()
    {
        Assert.Equal([(0, 5), (10, 6), (30, 7), (50, 8), (70, 9), (90, 10), (100, 15)], XpRules.ScoreSteps(ExerciseDifficulty.Easy));
        Assert.Equal([(0, 10), (5, 11), (15, 12), (25, 13), (35, 14), (45, 15), (55, 16), (65, 17), (75, 18), (85, 19), (95, 20), (100, 25)],
            XpRules.ScoreSteps(ExerciseDifficulty.Hard));
    }

    [Theory]
    // The first graded attempt pays the exercise's XP at its score, and counts it as finished (and perfect at 100%).
    [InlineData(ExerciseDifficulty.Easy, 0, 0, false, 5, true, false)]
    [InlineData(ExerciseDifficulty.Hard, 100, 0, false, 25, true, true)]
    // A better retake into a higher step tops up the difference; the exercise is not counted again.
    [InlineData(ExerciseDifficulty.Easy, 50, 5, true, 3, false, false)]
    [InlineData(ExerciseDifficulty.Easy, 100, 8, true, 7, false, true)]
    // A better score in the same step, an equal or a worse one, or the same score delivered again: nothing.
    [InlineData(ExerciseDifficulty.Easy, 29, 6, true, 0, false, false)]
    [InlineData(ExerciseDifficulty.Easy, 50, 8, true, 0, false, false)]
    [InlineData(ExerciseDifficulty.Easy, 100, 15, true, 0, false, false)]
    // Paid more than the best is worth (older per-attempt rows): never taken back.
    [InlineData(ExerciseDifficulty.Easy, 0, 20, true, 0, false, false)]
    public void An_exercise_pays_once_at_its_best_score_topped_up_once_per_score_step(ExerciseDifficulty difficulty, int best, int paid, bool paidBefore,
        int owed, bool finished, bool perfect) =>
        Assert.Equal(new ExercisePayment(owed, finished, perfect), XpRules.ForExerciseBest(difficulty, best, paid, paidBefore));

    [Fact]
    public void Retakes_climbing_every_step_add_up_to_the_best_scores_xp_exactly()
    {
        var (paid, rows, best) = (0, 0, 0);
        foreach (var score in new[] { 0, 5, 0, 12, 12, 49, 30, 71, 100, 100, 60 })
        {
            best = Math.Max(best, score);
            var payment = XpRules.ForExerciseBest(ExerciseDifficulty.Medium, best, paid, rows > 0);
            if (payment.Amount > 0) { paid += payment.Amount; rows++; }
        }
        // A medium exercise's 20 at 100% in all, one row per higher step reached (at 0, 12, 49, 71 and 100%).
        Assert.Equal((20, 5), (paid, rows));
    }

    [Fact]
    public void Homework_on_time_earns_twenty_and_late_ten()
    {
        Assert.Equal(20, XpRules.ForHomework(onTime: true));
        Assert.Equal(10, XpRules.ForHomework(onTime: false));
        Assert.Equal(100, XpRules.LevelAdvancement);
    }

    [Theory]
    [InlineData(0, 1, "Beginner", 0, 100)]
    [InlineData(99, 1, "Beginner", 0, 100)]
    [InlineData(100, 2, "Explorer", 100, 300)]
    [InlineData(299, 2, "Explorer", 100, 300)]
    [InlineData(300, 3, "Apprentice", 300, 600)]
    [InlineData(1000, 5, "Scholar", 1000, 1500)]
    [InlineData(4500, 10, "Legend", 4500, 5500)]
    [InlineData(60000, 35, "Legend", 59500, 63000)]
    public void Levels_follow_the_curve_with_titles(int xp, int level, string title, int start, int next)
    {
        var standing = LevelCurve.For(xp);
        Assert.Equal((level, title, start, next), (standing.Level, standing.Title, standing.LevelStartXp, standing.NextLevelXp));
    }

    [Fact]
    public void Each_level_asks_a_hundred_more_than_the_last_and_progress_is_a_percentage()
    {
        for (var level = 1; level < 60; level++)
        {
            Assert.Equal(100 * level, LevelCurve.StartOf(level + 1) - LevelCurve.StartOf(level));
            Assert.Equal(level, LevelCurve.For(LevelCurve.StartOf(level)).Level);
            Assert.Equal(level, LevelCurve.For(LevelCurve.StartOf(level + 1) - 1).Level);
        }
        Assert.Equal(50, LevelCurve.For(200).ProgressPercent);
    }

    [Fact]
    public void Crossing_levels_names_each_one_crossed()
    {
        Assert.Equal([2], LevelCurve.Reached(1, 110));
        Assert.Equal([2, 3, 4], LevelCurve.Reached(1, 700));
        Assert.Empty(LevelCurve.Reached(2, 250));
        // Level 2 lost to a correction (back to 95 XP) and reached again: not new. Level 3 still is.
        Assert.Empty(LevelCurve.Reached(2, 105));
        Assert.Equal([3], LevelCurve.Reached(2, 320));
    }
}
