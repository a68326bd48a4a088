namespace AetherLearn.Tests.Infrastructure;

/// <summary>Waits for something the app does after answering (the outbox, the sender) to have happened.</summary>
public static class Eventually
{
    /// <summary>Polls every 100 ms for up to <paramref name="seconds"/>; fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, string what, int seconds = 15)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await done()) { return; }
            await Task.Delay(100);
        }
        Assert.Fail($"Still waiting after {seconds} s for: {what}");
    }
}
