namespace Hitl.Grains.Conversations;

/// <summary>A full page of older messages of one conversation, written once. Key: tenant/conversationId/pageNo.</summary>
[Alias("hitl.ITranscriptPageGrain")]
public interface ITranscriptPageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page. Writing the same page again is a no-op, so a retried flush is safe.</summary>
    [Alias("Write")]
    Task WriteAsync(IReadOnlyList<ChatMessage> messages);

    [Alias("Read"), ReadOnly]
    Task<IReadOnlyList<ChatMessage>> ReadAsync();
}
