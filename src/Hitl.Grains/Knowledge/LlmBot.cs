using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// A bot that lets a language model write the answer from the articles retrieval found. Retrieval,
/// sources and confidence are exactly the knowledge bot's: the model only words the answer, so the
/// escalation policy judges the same evidence whichever bot runs. When retrieval finds nothing the
/// model is not asked. A model that fails, times out or says nothing never reaches the customer as
/// an error: the knowledge bot's own answer is used, with the same confidence and sources.
/// </summary>
public sealed partial class LlmBot(
    KnowledgeIndexCache cache,
    KnowledgeBot knowledge,
    IChatClient chat,
    IOptions<LlmBotOptions> options,
    ILogger<LlmBot> logger) : IBot
{
    /// <summary>What the model is told to do.</summary>
    public const string SystemPrompt =
        "You are a customer support assistant. Answer the customer's question using only the help articles provided. " +
        "Be brief and friendly, in the customer's language. If the articles do not answer the question, say that you do not know; never invent facts.";

    private readonly LlmBotOptions _options = options.Value;

    public async Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = await cache.GetIndexAsync(request.Tenant, cancellationToken).ConfigureAwait(false);
        var (retrieved, articles) = await knowledge.RetrieveAsync(index, request.Question, _options.MaxArticles, cancellationToken).ConfigureAwait(false);
        if (retrieved.Confidence <= 0 || retrieved.Sources.Count == 0)
        {
            return retrieved;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SystemPrompt), new ChatMessage(ChatRole.User, Prompt(request, articles))],
                new ChatOptions { ModelId = _options.Model, Temperature = 0.2f, MaxOutputTokens = _options.MaxOutputTokens },
                timeout.Token).ConfigureAwait(false);
            var text = response.Text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                LogFallback(logger, request.Tenant, "the model returned no text");
                return retrieved;
            }

            return retrieved with { Text = text };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFallback(logger, request.Tenant, $"the model took longer than {_options.Timeout}");
            return retrieved;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogModelFailed(logger, ex, request.Tenant);
            return retrieved;
        }
    }

    /// <summary>The user message: the articles, the recent conversation, and the question.</summary>
    public static string Prompt(BotRequest request, IReadOnlyList<Article> articles)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(articles);
        var prompt = new StringBuilder();
        prompt.AppendLine("Help articles:");
        foreach (var article in articles)
        {
            prompt.Append("## ").AppendLine(article.Title).AppendLine(article.Body).AppendLine();
        }

        var earlier = request.RecentCustomerMessages.Where(m => m != request.Question).ToList();
        if (earlier.Count > 0)
        {
            prompt.AppendLine("Earlier messages from the customer:");
            foreach (var message in earlier)
            {
                prompt.Append("- ").AppendLine(message);
            }

            prompt.AppendLine();
        }

        prompt.Append("Customer question: ").AppendLine(request.Question);
        return prompt.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM bot for tenant {Tenant}: {Why}; the knowledge bot's answer is used.")]
    private static partial void LogFallback(ILogger logger, string tenant, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM bot for tenant {Tenant}: the model failed; the knowledge bot's answer is used.")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string tenant);
}
