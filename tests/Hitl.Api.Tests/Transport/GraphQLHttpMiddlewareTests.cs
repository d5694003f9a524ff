using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hitl.Api.Tests.Transport;

public sealed class GraphQLHttpMiddlewareTests(TransportHost host) : IClassFixture<TransportHost>
{
    private const string Json = "application/json";
    private const string GraphQLResponse = "application/graphql-response+json";

    // ---- POST and content types

    [Fact]
    public async Task Post_Query_ReturnsDataAsJsonByDefault()
    {
        var response = await PostAsync("""{"query":"{ hello }"}""");

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        using var body = await ReadAsync(response);
        Assert.Equal("world", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Post_WithCharsetAndVariablesAndOperationName_Executes()
    {
        var response = await PostAsync(
            """{"query":"query A { hello } query B($v: Int!) { double(value: $v) }","operationName":"B","variables":{"v":21},"extensions":{}}""",
            contentType: "application/json; charset=utf-8");

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        using var body = await ReadAsync(response);
        Assert.Equal(42, body.RootElement.GetProperty("data").GetProperty("double").GetInt32());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/graphql")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Post_WithOtherContentType_Returns415(string contentType)
    {
        var response = await PostAsync("""{"query":"{ hello }"}""", contentType: contentType);

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, Json, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Post_WithoutContentType_Returns415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}""")),
        };

        var response = await host.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, Json, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Theory]
    [InlineData("{\"query\":")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[{\"query\":\"{ hello }\"}]")]
    [InlineData("\"{ hello }\"")]
    public async Task Post_MalformedJsonOrNotAnObject_Returns400BadRequest(string body)
    {
        var response = await PostAsync(body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, Json, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"query\":null}")]
    [InlineData("{\"query\":42}")]
    [InlineData("{\"query\":\"\"}")]
    [InlineData("{\"query\":\"{ hello }\",\"operationName\":5}")]
    [InlineData("{\"query\":\"{ hello }\",\"variables\":[1]}")]
    [InlineData("{\"query\":\"{ hello }\",\"variables\":\"{}\"}")]
    [InlineData("{\"query\":\"{ hello }\",\"extensions\":3}")]
    public async Task Post_MissingOrInvalidMembers_Returns400BadRequest(string body)
    {
        var response = await PostAsync(body);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, Json, "BAD_REQUEST");
    }

    [Fact]
    public async Task Post_MalformedJson_WithGraphQLResponseAccept_Returns400InThatMediaType()
    {
        var response = await PostAsync("{", accept: GraphQLResponse);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "BAD_REQUEST");
    }

    // ---- body size

    [Fact]
    public async Task Post_BodyOverLimit_Returns413()
    {
        var padding = new string(' ', TransportHost.MaxBodyBytes);
        var response = await PostAsync($$"""{"query":"{ hello }"{{padding}}}""");

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, Json, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Post_BodyOverLimitWithoutContentLength_Returns413WhileReading()
    {
        var padding = new string(' ', TransportHost.MaxBodyBytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes($$"""{"query":"{ hello }"{{padding}}}"""))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Json);

        var response = await host.Client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, Json, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Post_BodyExactlyAtLimit_Executes()
    {
        var prefix = """{"query":"{ hello }" """;
        var body = prefix + new string(' ', TransportHost.MaxBodyBytes - prefix.Length - 1) + "}";
        Assert.Equal(TransportHost.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));

        var response = await PostAsync(body);

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
    }

    // ---- GET and methods

    [Fact]
    public async Task Get_Query_ReturnsData()
    {
        var response = await host.Client.GetAsync(
            "/graphql?query=" + Uri.EscapeDataString("query($v: Int!) { double(value: $v) }")
            + "&variables=" + Uri.EscapeDataString("""{"v":4}"""));

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        using var body = await ReadAsync(response);
        Assert.Equal(8, body.RootElement.GetProperty("data").GetProperty("double").GetInt32());
    }

    [Fact]
    public async Task Get_Mutation_Returns405WithAllowPostAndDoesNotRun()
    {
        var key = Guid.NewGuid().ToString();
        var response = await host.Client.GetAsync(
            "/graphql?query=" + Uri.EscapeDataString($$"""mutation { touch(key: "{{key}}") }"""));

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, Json, "METHOD_NOT_ALLOWED");
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(0, host.Probe.Count(key));
    }

    [Fact]
    public async Task Get_SelectedMutationAmongSeveralOperations_Returns405()
    {
        var response = await host.Client.GetAsync(
            "/graphql?operationName=M&query=" + Uri.EscapeDataString("""query Q { hello } mutation M { touch(key: "x") }"""));

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, Json, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Get_Subscription_Returns405()
    {
        var response = await host.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("subscription { ticks }"));

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, Json, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Get_WithoutQuery_Returns400()
    {
        var response = await host.Client.GetAsync("/graphql");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, Json, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task Get_WithInvalidVariables_Returns400(string variables)
    {
        var response = await host.Client.GetAsync(
            "/graphql?query=" + Uri.EscapeDataString("{ hello }") + "&variables=" + Uri.EscapeDataString(variables));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, Json, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task OtherMethods_Return405(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/graphql")
        {
            Content = new StringContent("""{"query":"{ hello }"}""", Encoding.UTF8, Json),
        };

        var response = await host.Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, Json, "METHOD_NOT_ALLOWED");
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Post_Mutation_Runs()
    {
        var key = Guid.NewGuid().ToString();
        var response = await PostAsync(Body($$"""mutation { touch(key: "{{key}}") }"""));

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        Assert.Equal(1, host.Probe.Count(key));
    }

    [Fact]
    public async Task Post_Subscription_TellsClientToUseWebSocket()
    {
        var response = await PostAsync(Body("subscription { ticks }"), accept: GraphQLResponse);

        using var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "OPERATION_NOT_SUPPORTED");
        Assert.Contains("WebSocket", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocketUpgrade_IsPassedToNextMiddleware()
    {
        var client = host.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");

        using var socket = await client.ConnectAsync(new Uri(host.Server.BaseAddress, "/graphql"), CancellationToken.None);
        var result = await socket.ReceiveAsync(new byte[16], CancellationToken.None);

        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Close, result.MessageType);
    }

    // ---- Accept negotiation and status codes per media type

    [Theory]
    [InlineData(null, Json)]
    [InlineData("*/*", Json)]
    [InlineData("application/json", Json)]
    [InlineData("application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/graphql-response+json, application/json;q=0.9", GraphQLResponse)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", Json)]
    [InlineData("application/*", Json)]
    [InlineData("text/html, */*;q=0.8", Json)]
    public async Task Accept_PicksResponseMediaType(string? accept, string expected)
    {
        var response = await PostAsync(Body("{ hello }"), accept: accept);

        await AssertResponseAsync(response, HttpStatusCode.OK, expected);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml, text/plain")]
    [InlineData("application/json;q=0, application/graphql-response+json;q=0")]
    public async Task Accept_NeitherJsonType_Returns406(string accept)
    {
        var response = await PostAsync(Body("{ hello }"), accept: accept);

        await AssertErrorAsync(response, HttpStatusCode.NotAcceptable, Json, "NOT_ACCEPTABLE");
    }

    [Fact]
    public async Task Json_ParseError_Returns200WithParseFailed()
    {
        var response = await PostAsync(Body("{ hello "));

        using var body = await AssertErrorAsync(response, HttpStatusCode.OK, Json, "GRAPHQL_PARSE_FAILED");
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task GraphQLResponse_ParseError_Returns400WithParseFailed()
    {
        var response = await PostAsync(Body("{ hello "), accept: GraphQLResponse);

        using var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "GRAPHQL_PARSE_FAILED");
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Json_ValidationError_Returns200WithValidationFailed()
    {
        var response = await PostAsync(Body("{ nope }"));

        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task GraphQLResponse_ValidationError_Returns400WithValidationFailed()
    {
        var response = await PostAsync(Body("{ nope }"), accept: GraphQLResponse);

        using var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "GRAPHQL_VALIDATION_FAILED");
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task GraphQLResponse_FieldError_Returns200WithData()
    {
        var response = await PostAsync(Body("{ hello notFound }"), accept: GraphQLResponse);

        using var body = await AssertErrorAsync(response, HttpStatusCode.OK, GraphQLResponse, "NOT_FOUND");
        var data = body.RootElement.GetProperty("data");
        Assert.Equal("world", data.GetProperty("hello").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("notFound").ValueKind);
    }

    [Fact]
    public async Task GraphQLResponse_VariableCoercionError_Returns400WithBadUserInput()
    {
        var response = await PostAsync(
            """{"query":"query($v: Int!) { double(value: $v) }","variables":{"v":"abc"}}""", accept: GraphQLResponse);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "BAD_USER_INPUT");
    }

    [Fact]
    public async Task Json_MissingRequiredVariable_Returns200WithBadUserInput()
    {
        var response = await PostAsync(Body("query($v: Int!) { double(value: $v) }"));

        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "BAD_USER_INPUT");
    }

    [Fact]
    public async Task ArgumentLiteralOfWrongType_ReturnsBadUserInput()
    {
        var response = await PostAsync(Body("""{ double(value: "abc") }"""));

        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "BAD_USER_INPUT");
    }

    // ---- limits

    [Fact]
    public async Task OverDeepQuery_ReturnsQueryTooComplexAndDoesNotExecute()
    {
        // Depth counts field levels, leaves included: deep, 5 x next, level = 7 > 5.
        var response = await PostAsync(Body("{ deep { next { next { next { next { next { level } } } } } } }"), accept: GraphQLResponse);

        using var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, GraphQLResponse, "QUERY_TOO_COMPLEX");
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task QueryAtDepthLimit_Executes()
    {
        // deep, next, next, next, level: exactly 5 levels.
        var response = await PostAsync(Body("{ deep { next { next { next { level } } } } }"), accept: GraphQLResponse);

        await AssertResponseAsync(response, HttpStatusCode.OK, GraphQLResponse);
    }

    [Fact]
    public async Task OverComplexQuery_ReturnsQueryTooComplex()
    {
        // Lists multiply their children by 20: 1 + 20 + 20 + 400 = 441 > 200, at depth 4.
        var response = await PostAsync(Body("{ items { next { children { level } } } }"));

        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "QUERY_TOO_COMPLEX");
    }

    // ---- error mapping

    [Fact]
    public async Task HitlException_MapsToItsCodeAndMessage()
    {
        var response = await PostAsync(Body("{ notFound forbidden }"));

        using var body = await ReadAsync(response);
        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        var errors = body.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        var notFound = errors.Single(e => e.GetProperty("path")[0].GetString() == "notFound");
        Assert.Equal("NOT_FOUND", Code(notFound));
        Assert.Equal("Conversation c-1 was not found.", notFound.GetProperty("message").GetString());
        var forbidden = errors.Single(e => e.GetProperty("path")[0].GetString() == "forbidden");
        Assert.Equal("FORBIDDEN", Code(forbidden));
    }

    [Fact]
    public async Task UnexpectedException_MapsToInternalServerErrorWithoutDetails()
    {
        var response = await PostAsync(Body("{ boom }"));

        var text = await response.Content.ReadAsStringAsync();
        using var body = await AssertErrorAsync(response, HttpStatusCode.OK, Json, "INTERNAL_SERVER_ERROR");
        Assert.Equal("An unexpected error occurred.", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stack", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("details", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InconsistentState_MapsToConflict()
    {
        var response = await PostAsync(Body("{ conflict }"));

        var text = await response.Content.ReadAsStringAsync();
        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "CONFLICT");
        Assert.Contains("retry", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_MapsToUnavailable()
    {
        var response = await PostAsync(Body("{ timeout }"));

        var text = await response.Content.ReadAsStringAsync();
        await AssertErrorAsync(response, HttpStatusCode.OK, Json, "UNAVAILABLE");
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    // ---- authentication

    [Theory]
    [InlineData("Bearer bad")]
    [InlineData("Bearer")]
    [InlineData("Basic YWxpY2U6cHc=")]
    public async Task InvalidAuthorization_Returns401AndNothingRuns(string authorization)
    {
        var key = Guid.NewGuid().ToString();
        var response = await PostAsync(Body($$"""mutation { touch(key: "{{key}}") }"""), authorization: authorization);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, Json, "UNAUTHENTICATED");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, host.Probe.Count(key));
    }

    [Fact]
    public async Task InvalidAuthorization_WithGraphQLResponseAccept_Returns401()
    {
        var response = await PostAsync(Body("{ hello }"), accept: GraphQLResponse, authorization: "Bearer bad");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, GraphQLResponse, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task NoAuthorization_RunsAnonymously()
    {
        var key = Guid.NewGuid().ToString();
        var response = await PostAsync(Body($$"""mutation { touch(key: "{{key}}") }"""));

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        Assert.Equal(1, host.Probe.Count(key));

        using var body = await ReadAsync(await PostAsync(Body("{ whoami }")));
        Assert.Equal("anonymous", body.RootElement.GetProperty("data").GetProperty("whoami").GetString());
    }

    [Fact]
    public async Task GoodToken_ReachesResolversThroughUserContext()
    {
        var response = await PostAsync(Body("{ whoami }"), authorization: "Bearer good");

        await AssertResponseAsync(response, HttpStatusCode.OK, Json);
        using var body = await ReadAsync(response);
        Assert.Equal("alice", body.RootElement.GetProperty("data").GetProperty("whoami").GetString());
    }

    // ---- helpers

    private static string Body(string query) => JsonSerializer.Serialize(new { query });

    private async Task<HttpResponseMessage> PostAsync(
        string body, string contentType = Json, string? accept = null, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await host.Client.SendAsync(request);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static string? Code(JsonElement error) => error.GetProperty("extensions").GetProperty("code").GetString();

    private static Task AssertResponseAsync(HttpResponseMessage response, HttpStatusCode status, string mediaType)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(mediaType + "; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return Task.CompletedTask;
    }

    private static async Task<JsonDocument> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string mediaType, string code)
    {
        await AssertResponseAsync(response, status, mediaType);
        var body = await ReadAsync(response);
        var errors = body.RootElement.GetProperty("errors");
        Assert.NotEqual(0, errors.GetArrayLength());
        Assert.All(errors.EnumerateArray(), error => Assert.Equal(code, Code(error)));
        return body;
    }
}
