namespace Hitl.Grains.Conversations;

[GenerateSerializer, Alias("hitl.TranscriptPageState")]
public sealed class TranscriptPageState
{
    [Id(0)] public List<ChatMessage> Messages { get; set; } = [];
}
