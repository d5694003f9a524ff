using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

/// <summary>
/// Builds a <see cref="ConversationState"/> by hand the way the conversation grain changes it:
/// messages in the tail, ownership transitions, escalations and reviews, each at a given time.
/// </summary>
internal sealed class ConversationBuilder
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private int _escalations;

    public ConversationBuilder(DateTimeOffset? startedAt = null)
    {
        var at = startedAt ?? T0;
        State = new ConversationState { Started = true, CreatedAt = at, UpdatedAt = at, Ownership = Ownership.Start(at) };
    }

    public ConversationState State { get; }

    public ConversationContribution Contribution => ConversationContribution.Of(State)!;

    public ConversationBuilder Say(Author author, string text, DateTimeOffset at, string? authorId = null)
    {
        var seq = State.MessageCount++;
        State.Tail.Add(new ChatMessage($"c-{seq}", seq, author, authorId, text, at, null, [], null));
        State.UpdatedAt = at;
        State.Version++;
        if (author == Author.Agent)
        {
            // As the grain does: only an agent message stamps the open escalation's first human response.
            var index = State.Escalations.FindLastIndex(e => e.Id == State.Ownership.OpenEscalationId);
            if (index >= 0 && State.Escalations[index].FirstHumanResponseAt is null)
            {
                State.Escalations[index] = State.Escalations[index] with { FirstHumanResponseAt = at };
            }
        }

        return this;
    }

    public ConversationBuilder Escalate(DateTimeOffset at, TimeSpan? sla = null, params EscalationReason[] reasons)
    {
        var id = $"e{++_escalations}";
        var triggers = reasons.Select(r => new Trigger(r, r.ToString(), null)).ToList();
        State.Ownership = State.Ownership.Escalate(id, "support", at);
        State.Escalations.Add(new EscalationRecord(id, triggers, "support", 1, at, at + sla, null, null));
        return Say(Author.System, "handing you to a person", at);
    }

    public ConversationBuilder Assign(string agentId, DateTimeOffset at)
    {
        State.Ownership = State.Ownership.Assign(State.Ownership.OpenEscalationId!, agentId, at);
        return this;
    }

    public ConversationBuilder Breach()
    {
        var index = State.Escalations.FindLastIndex(e => e.Id == State.Ownership.OpenEscalationId);
        State.Escalations[index] = State.Escalations[index] with { Breached = true };
        return this;
    }

    public ConversationBuilder Resolve(DateTimeOffset at)
    {
        var index = State.Escalations.FindLastIndex(e => e.Id == State.Ownership.OpenEscalationId);
        if (index >= 0)
        {
            State.Escalations[index] = State.Escalations[index] with { ClosedAt = at };
        }

        State.Ownership = State.Ownership.Resolve(at);
        return this;
    }

    public ConversationBuilder Reopen(DateTimeOffset at)
    {
        State.Ownership = State.Ownership.Reopen(at);
        return Say(Author.Customer, "actually, one more thing", at);
    }

    public ConversationBuilder Review(DraftDecision decision, DateTimeOffset at)
    {
        var draft = new Draft($"d{State.Reviews.Count + 1}", "bot draft", 0.5, []);
        State.Reviews.Add(new DraftReview(draft, decision, decision == DraftDecision.Edit ? "edited" : null, "reviewer", at));
        return this;
    }

    public ConversationBuilder Rate(int csat)
    {
        State.Csat = csat;
        return this;
    }
}
