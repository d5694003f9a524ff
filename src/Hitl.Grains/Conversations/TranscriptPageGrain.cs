using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

public sealed class TranscriptPageGrain(
    [PersistentState("page", HitlStorage.Name)] IPersistentState<TranscriptPageState> state,
    ILogger<TranscriptPageGrain> logger) : Grain, ITranscriptPageGrain
{
    public async Task WriteAsync(IReadOnlyList<ChatMessage> messages)
    {
        if (state.State.Messages.Count > 0)
        {
            // Write-once: a retried flush carries the same messages.
            return;
        }

        state.State.Messages = [.. messages];
        await state.WriteOrResetAsync(this, logger);

        // Pages are read rarely: do not keep a full page in memory until the idle collector gets to
        // it (DelayDeactivation would keep it at least that long). A reader activates it again from storage.
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<ChatMessage>> ReadAsync() => Task.FromResult<IReadOnlyList<ChatMessage>>(state.State.Messages);
}
