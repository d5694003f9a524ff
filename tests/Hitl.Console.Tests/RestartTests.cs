using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

/// <summary>
/// Open pages survive a server restart: graphql-ws reconnects, the page queries again and subscribes again, so what
/// happened while it was away and what happens after both show up without a reload.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RestartTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task TheChatPage_ReconnectsAfterARestart_AndShowsAnAgentsReplyLive()
    {
        var port = ConsoleFixture.ConsoleApiFactory.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "hitl-console-restart-" + Guid.NewGuid().ToString("N"));
        var first = new ConsoleFixture.ConsoleApiFactory(port, data);
        ConsoleFixture.ConsoleApiFactory? second = null;
        try
        {
            first.StartServer();
            var baseUrl = $"http://localhost:{port}";
            var api = new Api(new HttpClient { BaseAddress = new Uri(baseUrl) }, ConsoleFixture.OperatorKey);
            var (tenant, admin) = await api.CreateTenantAsync();
            await api.GrantAsync(admin, "ava", "support");
            var agent = await AgentTokenAsync(api, admin);

            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            var customer = await context.NewPageAsync();
            await customer.GotoAsync($"/chat/{tenant}");
            await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
            await customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("I forgot my password");
            await customer.Keyboard.PressAsync("Enter");
            var messages = customer.GetByRole(AriaRole.Log, new() { Name = "Messages" });
            await Expect(messages).ToContainTextAsync("Forgot password");
            await customer.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" }).ClickAsync();
            await Expect(customer.GetByText("Waiting for a person", new() { Exact = false })).ToBeVisibleAsync();

            // The server goes away: the page says so and keeps the conversation.
            await first.DisposeAsync();
            await Expect(customer.GetByText("Connection lost", new() { Exact = false })).ToBeVisibleAsync();

            // The same installation starts again on the same address; an agent answers.
            second = new ConsoleFixture.ConsoleApiFactory(port, data);
            second.StartServer();
            await api.PostAsync("mutation { setPresence(input: { presence: AWAY }) { id } }", token: agent);
            var item = (await api.PostAsync("mutation { acceptNext(queue: \"support\") { conversation { id } } }", token: agent))
                .GetProperty("acceptNext").GetProperty("conversation").GetProperty("id").GetString()!;
            await api.PostAsync(
                "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }",
                new { i = new { conversationId = item, text = "Back online: here is your reset link.", clientMessageId = "after-restart" } },
                agent);

            await Expect(customer.GetByText("Connection lost", new() { Exact = false })).ToHaveCountAsync(0);
            await Expect(messages).ToContainTextAsync("Back online: here is your reset link.");
            await context.CloseAsync();
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> AgentTokenAsync(Api api, string admin)
    {
        var link = await api.InviteAsync(admin, "AGENT", "ava", "Ava Rossi");
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["code"];
        return (await api.PostAsync("mutation($c: String!) { redeemInvite(code: $c) { token } }", new { c = code }))
            .GetProperty("redeemInvite").GetProperty("token").GetString()!;
    }
}
