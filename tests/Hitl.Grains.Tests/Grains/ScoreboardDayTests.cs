using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// A scripted day of conversations through the real grains (fed by the per-silo pre-aggregator)
/// produces exactly the board worked out by hand from the contract's definitions.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ScoreboardDayTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");
    private static readonly Caller Manager = new(CallerRole.Manager, "mia");

    [Fact]
    public async Task A_scripted_day_produces_the_expected_board()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, prefix: FaultInjectingBot.UnsurePrefix);
        var tenantGrain = fixture.Grains.GetGrain<ITenantGrain>(tenant);
        await tenantGrain.UpdatePolicyAsync(new PolicyPatch { SlaSeconds = 120 });

        // More than a day before the board is read: counted in WEEK and ALL, not in DAY.
        var old = await StartAsync(tenant);
        await old.ResolveAsync(Customer);
        fixture.Time.Advance(TimeSpan.FromHours(26));

        // 1. The bot is enough: the customer closes it and rates it 5.
        var bot = await StartAsync(tenant);
        await bot.ResolveAsync(Customer);
        await bot.RateAsync(Customer, 5);

        // 2. Asks for a person; Ava answers after 30 s (a bot reply would not have stopped the clock), resolves; rated 3.
        var quick = await StartAsync(tenant);
        await EscalateAndTakeAsync(tenant, quick, "ava");
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await quick.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ava"), "Hi, Ava here.", "q1"));
        await quick.ResolveAsync(new Caller(CallerRole.Agent, "ava"));
        await quick.RateAsync(Customer, 3);
        fixture.Time.Advance(TimeSpan.FromHours(1));

        // 3. Nobody answers within the 120 s SLA: breached; Ava answers at 600 s, hands back; the customer resolves.
        var slow = await StartAsync(tenant);
        var escalation = (await slow.RequestHumanAsync(Customer)).Escalation!;
        await AdvanceUntilAsync(async () => (await slow.GetAsync())!.Escalation!.Breached, TimeSpan.FromSeconds(200));
        await Agent(tenant, "ava").SetPresenceAsync(Presence.Away, 10, ["support"]);
        await Support(tenant).AssignAsync("ava", escalation.Id);
        var answeredAfter = fixture.Time.GetUtcNow() - escalation.At;
        fixture.Time.Advance(TimeSpan.FromSeconds(240));
        await Agent(tenant, "ava").SetPresenceAsync(Presence.Away, null, null); // the console renews its presence
        fixture.Time.Advance(TimeSpan.FromSeconds(360) - answeredAfter);
        await slow.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ava"), "Sorry for the wait.", "s1"));
        await slow.HandBackAsync(new Caller(CallerRole.Agent, "ava"));
        await slow.ResolveAsync(Customer);
        fixture.Time.Advance(TimeSpan.FromHours(1));

        // 4. Reopened: the bot closed it (rated 4), then the customer comes back and asks for a person;
        //    Ava answers after 10 s and resolves. It counts once, as escalated and resolved by a human, with a human CSAT.
        var reopened = await StartAsync(tenant);
        await reopened.ResolveAsync(Customer);
        await reopened.RateAsync(Customer, 4);
        fixture.Time.Advance(TimeSpan.FromMinutes(2)); // comes back after the requestHuman cooldown (Hitl:Limits:RequestHumanCooldown)
        await EscalateAndTakeAsync(tenant, reopened, "ava");
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await reopened.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ava"), "Back again?", "r1"));
        await reopened.ResolveAsync(new Caller(CallerRole.Agent, "ava"));

        // 5. Drafts: every answer is held for review; one approved, one edited, one rejected (which escalates).
        await tenantGrain.UpdatePolicyAsync(new PolicyPatch { MinConfidence = 0, OutOfScopeBelow = 0, ReviewBelow = 0.9 });
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var approved = await ReviewAsync(tenant, "How do I reset my password?", DraftDecision.Approve, null);
        var edited = await ReviewAsync(tenant, "How do I share a folder?", DraftDecision.Edit, "Right-click it and choose Share.");
        var rejected = await ReviewAsync(tenant, "Where can I download my invoice?", DraftDecision.Reject, null);
        Assert.Equal(ConversationStatus.Queued, (await rejected.GetAsync())!.Status);
        await rejected.ResolveAsync(Manager); // closed before anyone answered: neither SLA met nor breached
        _ = (approved, edited);

        // 6. Still waiting when the board is read a minute later (within its SLA); an agent of another queue is ONLINE.
        fixture.Time.Advance(TimeSpan.FromHours(2));
        var waiting = await StartAsync(tenant);
        await waiting.RequestHumanAsync(Customer);
        await Agent(tenant, "zoe").SetGrantedQueuesAsync(["vip"]);
        await Agent(tenant, "zoe").SetPresenceAsync(Presence.Online, 1, ["vip"]);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        var day = await BoardAsync(tenant, ScoreWindow.Day, b => b.ConversationsStarted == 8 && b.Waiting == 1 && b.AgentsOnline == 1 && b.DraftsRejected == 1 && b.ResolvedByHuman == 4);

        Assert.Equal(8, day.ConversationsStarted);
        Assert.Equal(1, day.ResolvedByBot);
        Assert.Equal(4, day.ResolvedByHuman); // quick, slow (handed back, then closed), reopened, rejected draft
        Assert.Equal(0.2, day.ContainmentRate);
        Assert.Equal(5, day.Escalated); // quick, slow, reopened, rejected draft, waiting
        Assert.Equal(5.0 / 8, day.EscalationRate!.Value, 10);
        Assert.Equal(
            [new ReasonCount(EscalationReason.ExplicitRequest, 4), new ReasonCount(EscalationReason.DraftRejected, 1)],
            day.EscalationsByReason);
        Assert.Equal((1, 1, 1), (day.DraftsApproved, day.DraftsEdited, day.DraftsRejected));
        Assert.Equal(30, day.FirstHumanResponseP50Seconds); // samples 10, 30, 600
        Assert.Equal(600, day.FirstHumanResponseP90Seconds);
        Assert.Equal(2, day.SlaMet);
        Assert.Equal(1, day.SlaBreached);
        Assert.Equal(5, day.CsatBot);
        Assert.Equal(3.5, day.CsatHuman); // 3 and the reopened conversation's 4
        Assert.Equal(3, day.CsatResponses);
        Assert.Equal(1, day.Waiting);
        Assert.Equal(1, day.AgentsOnline);

        var all = await BoardAsync(tenant, ScoreWindow.All, b => b.ConversationsStarted == 9);
        Assert.Equal(9, all.ConversationsStarted);
        Assert.Equal(2, all.ResolvedByBot);
        Assert.Equal(2.0 / 6, all.ContainmentRate!.Value, 10);
        Assert.Equal(all.From, (await old.GetAsync())!.CreatedAt);
        Assert.Equal(9, (await BoardAsync(tenant, ScoreWindow.Week, b => b.ConversationsStarted == 9)).ConversationsStarted);

        // Only the last conversation started in the last hour.
        var hour = await BoardAsync(tenant, ScoreWindow.Hour, b => b.ConversationsStarted == 1);
        Assert.Equal(1, hour.Escalated);
        Assert.Null(hour.ContainmentRate);
    }

    private async Task<IConversationGrain> StartAsync(string tenant, string? text = null)
    {
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await conversation.StartAsync("Casey", text);
        return conversation;
    }

    /// <summary>The bot's answer is held as a draft; a reviewer decides, as the reviewDraft mutation does.</summary>
    private async Task<IConversationGrain> ReviewAsync(string tenant, string question, DraftDecision decision, string? text)
    {
        var conversation = await StartAsync(tenant, question);
        var view = (await conversation.GetAsync())!;
        var draft = view.PendingDraft;
        Assert.True(draft is not null, $"No draft: {view.Status}, {string.Join(" | ", (await conversation.GetMessagesAsync(5)).Select(m => $"{m.Author} {m.Confidence} {m.Text}"))}");
        await conversation.ReviewDraftAsync(draft.Id, decision, text, "ava");
        await fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, Conversation.ReviewQueue)).RemoveAsync(draft.Id);
        return conversation;
    }

    private async Task EscalateAndTakeAsync(string tenant, IConversationGrain conversation, string agent)
    {
        var escalation = (await conversation.RequestHumanAsync(Customer)).Escalation!;

        // Presence lapses while the script moves the clock by hours: the agent says it is here (AWAY: no automatic offers).
        await Agent(tenant, agent).SetPresenceAsync(Presence.Away, 10, ["support"]);
        Assert.NotNull(await Support(tenant).AssignAsync(agent, escalation.Id));
    }

    /// <summary>Moves the silo's clock in small steps until the condition holds (reminders follow it), at most <paramref name="limit"/>.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(moved < limit && DateTime.UtcNow < deadline, "The condition never held.");
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            moved += TimeSpan.FromSeconds(5);
            await Task.Delay(20);
        }
    }

    /// <summary>Flushes the pre-aggregator until the board shows what <paramref name="ready"/> waits for (facts travel one-way).</summary>
    private async Task<ScoreboardView> BoardAsync(string tenant, ScoreWindow window, Func<ScoreboardView, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await fixture.Grains.GetGrain<IScoreboardFeedGrain>(tenant).FlushAsync();
            var board = await fixture.Grains.GetGrain<IScoreboardGrain>(tenant).GetAsync(window);
            if (ready(board) || DateTime.UtcNow > deadline)
            {
                return board;
            }

            await Task.Delay(20);
        }
    }

    private IQueueGrain Support(string tenant) => fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));

    private IAgentGrain Agent(string tenant, string id) => fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, id));
}
