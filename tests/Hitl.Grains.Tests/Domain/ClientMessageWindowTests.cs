using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Domain;

public sealed class ClientMessageWindowTests
{
    private static ClientMessageRecord R(int i, long? reply = null) => new($"c:m{i}", i, reply);

    [Fact]
    public void Remembers_TheNewest_UpToItsCapacity()
    {
        var window = new ClientMessageWindow(3);
        for (var i = 0; i < 5; i++)
        {
            window.Remember(R(i));
        }

        Assert.Equal(["c:m2", "c:m3", "c:m4"], window.Records.Select(r => r.Key));
        Assert.False(window.TryGet("c:m1", out _));
        Assert.True(window.TryGet("c:m4", out var newest));
        Assert.Equal(4, newest.MessageSeq);
    }

    [Fact]
    public void A_KeyRememberedAgain_MovesToTheEnd_Once()
    {
        var window = new ClientMessageWindow(3);
        window.Remember(R(0));
        window.Remember(R(1));
        window.Remember(new ClientMessageRecord("c:m0", 7, 8));
        window.Remember(R(2));
        window.Remember(R(3));

        // m1 was the oldest once m0 moved: it leaves first, and m0 is there once, with its new numbers.
        Assert.Equal(["c:m0", "c:m2", "c:m3"], window.Records.Select(r => r.Key));
        Assert.True(window.TryGet("c:m0", out var moved));
        Assert.Equal((7L, 8L), (moved.MessageSeq, moved.ReplySeq!.Value));
    }

    [Fact]
    public void Pack_AndLoad_KeepKeysNumbersAndOrder()
    {
        var window = new ClientMessageWindow(64);
        window.Remember(new ClientMessageRecord("c:start", 0, 1));
        window.Remember(new ClientMessageRecord("s:agent-ü:note 1", 5_000_000_000, null));
        window.Remember(new ClientMessageRecord("c:" + new string('x', 128), 7, 0));

        var loaded = ClientMessageWindow.Load(new ConversationState { PackedClientMessages = window.Pack() }, 64);

        Assert.Equal(window.Records, loaded.Records);
        Assert.True(loaded.TryGet("c:" + new string('x', 128), out var last));
        Assert.Equal(0, last.ReplySeq); // a reply numbered 0 stays 0, not "no reply"
        Assert.True(loaded.TryGet("s:agent-ü:note 1", out var staff));
        Assert.Null(staff.ReplySeq);
    }

    [Fact]
    public void Load_TakesTheListAnOlderVersionStored_AndShrinksItToTheCapacity()
    {
        var state = new ConversationState { RecentClientMessages = [.. Enumerable.Range(0, 10).Select(i => R(i, i + 100))] };

        var window = ClientMessageWindow.Load(state, 4);

        Assert.Equal(["c:m6", "c:m7", "c:m8", "c:m9"], window.Records.Select(r => r.Key));
        Assert.True(window.TryGet("c:m9", out var record));
        Assert.Equal(109, record.ReplySeq);
    }

    [Fact]
    public void Load_AnUnknownFormat_Fails_RatherThanForgetting()
    {
        var packed = new ClientMessageWindow(4).Pack();
        packed[0] = 99;

        Assert.Throws<InvalidDataException>(() => ClientMessageWindow.Load(new ConversationState { PackedClientMessages = packed }, 4));
    }

    [Fact]
    public void Capacity_MustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientMessageWindow(0));
}
