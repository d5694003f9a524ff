using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Hitl.Grains.Conversations;

/// <summary>
/// The client message ids a conversation remembers, oldest first and at most <c>capacity</c>, so a
/// retry returns what the first attempt produced. Stored packed in one byte array
/// (<see cref="ConversationState.PackedClientMessages"/>): kept as a list of records, the 64 ids were
/// 128 objects that Orleans' serializer walked and reference-tracked on every write of the state, about a third of
/// what a message to a long conversation cost more than one to a short conversation.
/// </summary>
public sealed class ClientMessageWindow
{
    private const byte Format = 1;

    private readonly int _capacity;
    private readonly List<ClientMessageRecord> _order = [];
    private readonly Dictionary<string, ClientMessageRecord> _byKey = new(StringComparer.Ordinal);

    public ClientMessageWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>The remembered records, oldest first.</summary>
    public IReadOnlyList<ClientMessageRecord> Records => _order;

    /// <summary>
    /// The window a stored state holds: the records of the list an older version stored
    /// (<see cref="ConversationState.RecentClientMessages"/>) first, then the packed ones.
    /// </summary>
    public static ClientMessageWindow Load(ConversationState state, int capacity)
    {
        ArgumentNullException.ThrowIfNull(state);
        var window = new ClientMessageWindow(capacity);
        foreach (var record in state.RecentClientMessages)
        {
            window.Remember(record);
        }

        if (state.PackedClientMessages is { Length: > 0 } packed)
        {
            window.Unpack(packed);
        }

        return window;
    }

    public bool TryGet(string key, [NotNullWhen(true)] out ClientMessageRecord? record) => _byKey.TryGetValue(key, out record);

    /// <summary>Adds a record as the newest (a key already remembered moves to the end); the oldest beyond the capacity are forgotten.</summary>
    public void Remember(ClientMessageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_byKey.Remove(record.Key))
        {
            _order.RemoveAll(r => r.Key == record.Key);
        }

        _order.Add(record);
        _byKey[record.Key] = record;
        var excess = _order.Count - _capacity;
        if (excess > 0)
        {
            foreach (var old in _order.GetRange(0, excess))
            {
                _byKey.Remove(old.Key);
            }

            _order.RemoveRange(0, excess);
        }
    }

    /// <summary>The records in the stored form: a format byte, the count, then each key (UTF-8, length-prefixed), message and reply numbers.</summary>
    public byte[] Pack()
    {
        using var stream = new MemoryStream(16 + (_order.Count * 24));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write7BitEncodedInt(_order.Count);
            foreach (var record in _order)
            {
                writer.Write(record.Key);
                writer.Write7BitEncodedInt64(record.MessageSeq);
                // 0: no reply; otherwise the reply's number + 1.
                writer.Write7BitEncodedInt64(record.ReplySeq is { } reply ? reply + 1 : 0);
            }
        }

        return stream.ToArray();
    }

    private void Unpack(byte[] packed)
    {
        using var reader = new BinaryReader(new MemoryStream(packed, writable: false), Encoding.UTF8);
        var format = reader.ReadByte();
        if (format != Format)
        {
            throw new InvalidDataException($"Remembered client message ids are stored in format {format}; this version reads format {Format}.");
        }

        var count = reader.Read7BitEncodedInt();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var messageSeq = reader.Read7BitEncodedInt64();
            var reply = reader.Read7BitEncodedInt64();
            Remember(new ClientMessageRecord(key, messageSeq, reply == 0 ? null : reply - 1));
        }
    }
}
