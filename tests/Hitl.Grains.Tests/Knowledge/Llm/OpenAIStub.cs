using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Tests.Knowledge.Llm;

/// <summary>A small OpenAI-compatible chat-completions server on 127.0.0.1, started inside a test.</summary>
public sealed class OpenAIStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenAIStub(WebApplication app) => _app = app;

    public enum Behaviour
    {
        Answer,
        Fail,
        Hang,
        Empty,
    }

    public Behaviour Mode { get; set; } = Behaviour.Answer;

    public string Content { get; set; } = "Model answer.";

    public ConcurrentQueue<(string? Authorization, JsonDocument Body)> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<OpenAIStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new OpenAIStub(app);
        app.MapPost("/v1/chat/completions", (Delegate)stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";
        return stub;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = await JsonDocument.ParseAsync(context.Request.Body);
        Requests.Enqueue((context.Request.Headers.Authorization.ToString(), body));
        switch (Mode)
        {
            case Behaviour.Fail:
                return Results.StatusCode(500);
            case Behaviour.Hang:
                await _release.Task.WaitAsync(context.RequestAborted);
                return Results.StatusCode(503);
            default:
                var content = Mode == Behaviour.Empty ? "" : Content;
                return Results.Json(new
                {
                    id = "chatcmpl-1",
                    @object = "chat.completion",
                    created = 1_700_000_000,
                    model = body.RootElement.GetProperty("model").GetString(),
                    choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
                });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var (_, body) in Requests)
        {
            body.Dispose();
        }
    }
}
