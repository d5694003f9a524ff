using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Domain;

public sealed class QueueOrderingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static WorkItem Item(string id, int priority, int secondsAfter) =>
        new(id, WorkKind.Handoff, "c-" + id, "support", priority, [], T0.AddSeconds(secondsAfter), null, null, null, false);

    [Fact]
    public void MostUrgentFirst_ThenOldestFirst_ThenById()
    {
        var items = new[] { Item("d", 1, 5), Item("a", 3, 30), Item("c", 1, 1), Item("b", 3, 10), Item("e", 1, 1) };
        var ordered = items.Order(QueueOrdering.Instance).Select(i => i.Id);
        Assert.Equal(["b", "a", "c", "e", "d"], ordered);
    }

    [Fact]
    public void Compare_IsConsistent()
    {
        var x = Item("x", 2, 0);
        var y = Item("y", 2, 0);
        Assert.Equal(0, QueueOrdering.Instance.Compare(x, x));
        Assert.Equal(-QueueOrdering.Instance.Compare(x, y), QueueOrdering.Instance.Compare(y, x));
        Assert.True(QueueOrdering.Instance.Compare(x, null) < 0);
    }
}
