using AetherLearn.Core.Common;
using AetherLearn.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AetherLearn.Tests.Realtime;

/// <summary>The default live bus and the wake signals on it (ADR 0016).</summary>
public sealed class InProcessLiveBusTests
{
    private static readonly LiveTopic<Guid, string> Greetings = new("test.greetings");
    private static readonly LiveTopic<Guid, string> Farewells = new("test.farewells");

    private sealed class TestSignal(ILiveBus bus) : WakeSignal(bus, "test.worker");

    /// <summary>A bus that cannot carry anything: throwing at once, or failing afterwards, as a lost connection does.</summary>
    private sealed class BrokenBus(bool throwAtOnce) : ILiveBus
    {
        public ValueTask PublishAsync<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, TMessage message, CancellationToken ct = default)
            where TKey : notnull =>
            throwAtOnce ? throw new InvalidOperationException("no connection") : ValueTask.FromException(new InvalidOperationException("connection lost"));

        public IDisposable Subscribe<TKey, TMessage>(LiveTopic<TKey, TMessage> topic, TKey key, Action<TMessage> handler) where TKey : notnull =>
            new CancellationTokenSource();
    }

    [Fact]
    public async Task A_message_reaches_the_subscribers_of_its_topic_and_key_only_until_they_leave()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var (ella, noah) = (Guid.NewGuid(), Guid.NewGuid());
        var heard = new List<string>();
        var ellasGreetings = bus.Subscribe(Greetings, ella, m => heard.Add($"ella:{m}"));
        using var noahsGreetings = bus.Subscribe(Greetings, noah, m => heard.Add($"noah:{m}"));
        using var ellasFarewells = bus.Subscribe(Farewells, ella, m => heard.Add($"ella-bye:{m}"));
        // A failing listener costs only itself.
        using var failing = bus.Subscribe(Greetings, ella, _ => throw new InvalidOperationException("a broken page"));

        await bus.PublishAsync(Greetings, ella, "hello");
        ellasGreetings.Dispose();
        await bus.PublishAsync(Greetings, ella, "again");
        await bus.PublishAsync(Greetings, noah, "hi");

        Assert.Equal(["ella:hello", "noah:hi"], heard);
    }

    [Fact]
    public void A_topic_name_used_with_other_types_is_refused()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        using var _ = bus.Subscribe(Greetings, Guid.NewGuid(), _ => { });
        var clash = Assert.Throws<InvalidOperationException>(() => bus.Subscribe(new LiveTopic<Guid, int>(Greetings.Name), Guid.NewGuid(), _ => { }));
        Assert.Contains("test.greetings", clash.Message);
    }

    [Fact]
    public async Task Wakes_before_the_worker_waits_count_as_one_and_reach_every_worker_on_the_channel()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        using var here = new TestSignal(bus);
        using var otherNode = new TestSignal(bus);

        here.Wake();
        here.Wake();
        here.Wake();

        Assert.True(await here.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(await otherNode.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await here.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await otherNode.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wake_the_bus_cannot_carry_still_wakes_its_own_worker(bool throwAtOnce)
    {
        using var signal = new TestSignal(new BrokenBus(throwAtOnce));
        signal.Wake();
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
    }
}
