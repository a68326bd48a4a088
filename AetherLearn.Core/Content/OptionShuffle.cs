namespace AetherLearn.Core.Content;

/// <summary>
/// Ordering questions store their options in the right order, so showing a student the stored positions would
/// give the answer away. Each attempt (or preview) sees the options under ids from a permutation of its own,
/// the same after every reload and restart; answers come back in those ids and are mapped to stored positions.
/// </summary>
public static class OptionShuffle
{
    /// <summary><c>result[storedIndex]</c> is the id the student sees for that option; never the identity.</summary>
    public static int[] Permutation(Guid seed, string questionId, int count)
    {
        var ids = Enumerable.Range(0, count).ToArray();
        if (count < 2) { return ids; }
        var rng = new Random(seed.GetHashCode() ^ StableHash(questionId));
        do { rng.Shuffle(ids); }
        while (ids.Select((id, i) => id == i).All(same => same));
        return ids;
    }

    public static int[] Inverse(int[] permutation)
    {
        var inverse = new int[permutation.Length];
        for (var i = 0; i < permutation.Length; i++) { inverse[permutation[i]] = i; }
        return inverse;
    }

    // string.GetHashCode is randomised per process; the permutation must survive a restart.
    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = 17;
            foreach (var c in text) { hash = hash * 31 + c; }
            return hash;
        }
    }
}
