namespace Hitl.Grains.Knowledge;

/// <summary>The optional LLM bot (configuration section <c>Hitl:Llm</c>). Off unless an endpoint and a model are set.</summary>
public sealed class LlmBotOptions
{
    /// <summary>Base URL of an OpenAI-compatible API, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model to ask, e.g. <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as the bearer token; some local servers need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long the model may take before the knowledge bot's answer is used instead (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many retrieved articles the model may answer from (default 3).</summary>
    public int MaxArticles { get; set; } = 3;

    /// <summary>Upper bound on the answer's length in tokens (default 400).</summary>
    public int MaxOutputTokens { get; set; } = 400;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
