using System.ClientModel;
using Hitl.Grains.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAI;

namespace Hitl.Silo.Hosting;

/// <summary>Switches the silo's bot to <see cref="LlmBot"/> when an OpenAI-compatible endpoint and model are configured.</summary>
public static class LlmBotExtensions
{
    public static ISiloBuilder AddHitlLlmBot(this ISiloBuilder silo, LlmBotOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return silo;
        }

        silo.Services.AddOptions<LlmBotOptions>().Configure(o =>
        {
            o.Endpoint = options.Endpoint;
            o.Model = options.Model;
            o.ApiKey = options.ApiKey;
            o.Timeout = options.Timeout;
            o.MaxArticles = options.MaxArticles;
            o.MaxOutputTokens = options.MaxOutputTokens;
        });
        silo.Services.TryAddSingleton<KnowledgeBot>();
        silo.Services.TryAddSingleton<IChatClient>(_ => new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
                new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!), NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(5) })
            .GetChatClient(options.Model!)
            .AsIChatClient());
        silo.Services.Replace(ServiceDescriptor.Singleton<IBot, LlmBot>());
        return silo;
    }
}
