using System.ClientModel;
using Hitl.Grains.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenAI;

namespace Hitl.Grains.Tests.Knowledge.Llm;

/// <summary>The LLM bot against an OpenAI-compatible stub: the model words the answer, retrieval keeps the evidence.</summary>
public sealed class LlmBotTests : IAsyncLifetime
{
    private const string Tenant = "acme";

    // Every wait in these tests ends by this deadline: a bot or stub that never answers fails the test instead of hanging the run.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private OpenAIStub _stub = null!;
    private KnowledgeIndexCache _cache = null!;
    private KnowledgeBot _knowledge = null!;

    public async Task InitializeAsync()
    {
        _stub = await OpenAIStub.StartAsync().WaitAsync(Deadline);
        var source = new FakeKnowledgeSource();
        source.Publish(
            new Article("reset-password", "Resetting your password", "Open the sign-in page and choose 'Forgot password'. The reset link is valid for one hour.", ["How do I reset my password?"], DateTimeOffset.UnixEpoch),
            new Article("share-folder", "Sharing a folder", "Right-click a folder and choose Share. Invite people by email.", ["How do I share a folder?"], DateTimeOffset.UnixEpoch));
        var options = new KnowledgeBotOptions();
        _cache = new KnowledgeIndexCache(source, new FakeTimeProvider(), options);
        _knowledge = new KnowledgeBot(_cache, Options.Create(options));
    }

    // The stub's disposal releases requests still hanging (Hang mode) and stops its server, bounded like every other wait.
    public async Task DisposeAsync() => await _stub.DisposeAsync().AsTask().WaitAsync(Deadline);

    private (LlmBot Bot, IChatClient Chat, LlmBotOptions Options) Model(TimeSpan? timeout = null)
    {
        var options = new LlmBotOptions { Endpoint = _stub.BaseUrl, Model = "test-model", ApiKey = "sk-test", Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        var chat = new OpenAIClient(new ApiKeyCredential(options.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint) })
            .GetChatClient(options.Model)
            .AsIChatClient();
        return (new LlmBot(_cache, _knowledge, chat, Options.Create(options), NullLogger<LlmBot>.Instance), chat, options);
    }

    private LlmBot Bot(TimeSpan? timeout = null) => Model(timeout).Bot;

    private static BotRequest Ask(string question) => new(Tenant, question, [question]);

    /// <summary>Asks within the deadline: the token cancels the request if it is still running then, and the wait ends regardless.</summary>
    private static async Task<BotAnswer> AnswerAsync(IBot bot, string question)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        return await bot.AnswerAsync(Ask(question), deadline.Token).WaitAsync(Deadline);
    }

    [Fact]
    public async Task TheModelWritesTheText_RetrievalKeepsConfidenceAndSources()
    {
        _stub.Content = "Choose 'Forgot password' on the sign-in page; the link works for an hour.";
        var expected = await AnswerAsync(_knowledge, "I forgot my password");

        var answer = await AnswerAsync(Bot(), "I forgot my password");

        Assert.Equal(_stub.Content, answer.Text);
        Assert.Equal(expected.Confidence, answer.Confidence);
        Assert.Equal(expected.Sources, answer.Sources);
    }

    [Fact]
    public async Task TheRequest_CarriesModelKeyAndTheRetrievedArticles()
    {
        await AnswerAsync(Bot(), "I forgot my password");
        var (authorization, body) = Assert.Single(_stub.Requests);
        Assert.Equal("Bearer sk-test", authorization);
        Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
        var text = body.RootElement.GetProperty("messages").ToString();
        Assert.Contains("Forgot password", text, StringComparison.Ordinal);
        Assert.Contains("I forgot my password", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InHybridMode_TheModelGetsTheArticleFoundByMeaning_AndTheHybridConfidence()
    {
        var source = new FakeKnowledgeSource();
        source.Publish(
            new Article("returns", "Returning an item", "Unused items can be returned within 30 days for a full refund. Print the prepaid label from your order page.", ["What is your returns policy?"], DateTimeOffset.UnixEpoch),
            new Article("share-folder", "Sharing a folder", "Right-click a folder and choose Share. Invite people by email.", ["How do I share a folder?"], DateTimeOffset.UnixEpoch));
        var options = new KnowledgeBotOptions();
        var cache = new KnowledgeIndexCache(source, new FakeTimeProvider(), options, Semantic.SharedEmbedder.Instance);
        var knowledge = new KnowledgeBot(cache, Options.Create(options), Semantic.SharedEmbedder.Instance);
        var model = Model();
        var llm = new LlmBot(cache, knowledge, model.Chat, Options.Create(model.Options), NullLogger<LlmBot>.Instance);
        const string Question = "I changed my mind, can I send the jacket back?";
        Assert.DoesNotContain("returns", (await cache.GetIndexAsync(Tenant, CancellationToken.None)).Search(Question, 3).Hits.Take(1).Select(h => h.Article.Id));

        _stub.Content = "Yes: within 30 days, unused.";
        var expected = await AnswerAsync(knowledge, Question);
        var answer = await AnswerAsync(llm, Question);

        Assert.Equal("returns", answer.Sources[0]);
        Assert.Equal(expected.Confidence, answer.Confidence);
        Assert.Equal(_stub.Content, answer.Text);
        Assert.Contains("within 30 days", Assert.Single(_stub.Requests).Body.RootElement.GetProperty("messages").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingRetrieved_TheModelIsNotAsked()
    {
        var answer = await AnswerAsync(Bot(), "what's the weather in Lisbon tomorrow?");
        Assert.Equal(0, answer.Confidence);
        Assert.Empty(answer.Sources);
        Assert.Empty(_stub.Requests);
    }

    [Theory]
    [InlineData(OpenAIStub.Behaviour.Fail)]
    [InlineData(OpenAIStub.Behaviour.Empty)]
    public async Task AFailingOrSilentModel_FallsBackToTheKnowledgeAnswer(OpenAIStub.Behaviour mode)
    {
        _stub.Mode = mode;
        var expected = await AnswerAsync(_knowledge, "how do I share a folder?");
        var answer = await AnswerAsync(Bot(), "how do I share a folder?");
        Assert.Equal(expected, answer with { Sources = expected.Sources });
        Assert.Equal(expected.Sources, answer.Sources);
        Assert.NotEmpty(_stub.Requests);
    }

    [Fact]
    public async Task ASlowModel_FallsBackAfterTheTimeout()
    {
        _stub.Mode = OpenAIStub.Behaviour.Hang;
        var expected = await AnswerAsync(_knowledge, "how do I share a folder?");
        var answer = await AnswerAsync(Bot(TimeSpan.FromMilliseconds(200)), "how do I share a folder?");
        Assert.Equal(expected.Text, answer.Text);
        Assert.Equal(expected.Confidence, answer.Confidence);
    }

    [Fact]
    public async Task TheCallersCancellation_IsNotSwallowed()
    {
        _stub.Mode = OpenAIStub.Behaviour.Hang;
        using var cancel = new CancellationTokenSource();
        var pending = Bot().AnswerAsync(Ask("how do I share a folder?"), cancel.Token);
        try
        {
            await UntilAsync(() => !_stub.Requests.IsEmpty, "the model request never reached the stub");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Deadline));
        }
        finally
        {
            // On a failure above the request may still hang: cancel it, and let the stub's disposal release it.
            await cancel.CancelAsync();
        }
    }

    /// <summary>Waits until the condition holds, failing with <paramref name="what"/> after the deadline.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"After {Deadline}: {what}.");
            }
        }
    }
}
