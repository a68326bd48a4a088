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
