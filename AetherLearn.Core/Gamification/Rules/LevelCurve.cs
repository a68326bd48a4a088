namespace AetherLearn.Core.Gamification.Rules;

/// <summary>Where a student stands: their level and title, and how far into the next one.</summary>
public sealed record LevelStanding(int Level, string Title, int TotalXp, int LevelStartXp, int NextLevelXp)
{
    public int XpIntoLevel => TotalXp - LevelStartXp;
    public int XpForLevel => NextLevelXp - LevelStartXp;
    public int ProgressPercent => XpForLevel == 0 ? 100 : (int)(100L * XpIntoLevel / XpForLevel);
}

/// <summary>
/// Levels: reaching level n takes 50·n·(n−1) XP in all (0, 100, 300, 600, 1000, …): each level asks 100 XP more than
/// the one before, so early levels come quickly and later ones mean sustained work.
/// </summary>
public static class LevelCurve
{
    private static readonly string[] Titles =
        ["Beginner", "Explorer", "Apprentice", "Achiever", "Scholar", "Expert", "Master", "Sage", "Luminary", "Legend"];

    /// <summary>Total XP at which <paramref name="level"/> starts.</summary>
    public static int StartOf(int level) => level <= 1 ? 0 : 50 * level * (level - 1);

    public static string TitleOf(int level) => Titles[Math.Clamp(level, 1, Titles.Length) - 1];

    public static LevelStanding For(int totalXp)
    {
        totalXp = Math.Max(0, totalXp);
        // Solve 50·n·(n−1) ≤ xp for the largest n, then correct for rounding.
        var level = Math.Max(1, (int)((1 + Math.Sqrt(1 + totalXp / 12.5)) / 2));
        while (StartOf(level + 1) <= totalXp) { level++; }
        while (level > 1 && StartOf(level) > totalXp) { level--; }
        return new LevelStanding(level, TitleOf(level), totalXp, StartOf(level), StartOf(level + 1));
    }

    /// <summary>
    /// The levels newly reached at <paramref name="totalXp"/> by a student whose highest level so far is
    /// <paramref name="highestBefore"/> (one <c>level.up</c> each). A level lost to a corrected register and reached
    /// again is not new.
    /// </summary>
    public static IReadOnlyList<int> Reached(int highestBefore, int totalXp)
    {
        var to = For(totalXp).Level;
        return to > highestBefore ? Enumerable.Range(highestBefore + 1, to - highestBefore).ToList() : [];
    }
}
