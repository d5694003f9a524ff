using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hitl.Api.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) on graphql-dotnet's
/// executer. WebSocket upgrade requests go to the next middleware untouched.
/// </summary>
/// <remarks>
/// <para>Requests: POST with <c>Content-Type: application/json</c> (UTF-8) and a body
/// <c>{"query", "operationName", "variables", "extensions"}</c>; GET with the same names in the query
/// string (<c>variables</c> and <c>extensions</c> as JSON), queries only.</para>
/// <para>Responses carry <c>application/graphql-response+json</c> when the Accept header names it,
/// else <c>application/json</c> (also for a missing Accept or <c>*/*</c>), always with
/// <c>; charset=utf-8</c>. Every error has an <c>extensions.code</c>.</para>
/// <list type="table">
/// <listheader><term>status</term><description>when (code)</description></listheader>
/// <item><term>200</term><description>a well-formed request; with <c>application/graphql-response+json</c>
/// only when the result has a <c>data</c> entry (field errors still give 200).</description></item>
/// <item><term>400</term><description>not a well-formed request: malformed JSON, a body that is not an
/// object, a missing or non-string <c>query</c>, a non-object <c>variables</c>/<c>extensions</c>
/// (<c>BAD_REQUEST</c>); with <c>application/graphql-response+json</c> also parse
/// (<c>GRAPHQL_PARSE_FAILED</c>), validation (<c>GRAPHQL_VALIDATION_FAILED</c>,
/// <c>QUERY_TOO_COMPLEX</c>, <c>OPERATION_NOT_SUPPORTED</c>) and variable (<c>BAD_USER_INPUT</c>) failures.</description></item>
/// <item><term>401</term><description>an <c>Authorization</c> header that does not authenticate
/// (<c>UNAUTHENTICATED</c>, <c>WWW-Authenticate: Bearer</c>); nothing is executed.</description></item>
/// <item><term>405</term><description>a method other than GET/POST, or a mutation/subscription over GET
/// (<c>METHOD_NOT_ALLOWED</c>, with an <c>Allow</c> header).</description></item>
/// <item><term>406</term><description>Accept allows neither JSON media type (<c>NOT_ACCEPTABLE</c>).</description></item>
/// <item><term>413</term><description>the body is larger than <see cref="GraphQLHttpOptions.MaxRequestBodyBytes"/>
/// (<c>PAYLOAD_TOO_LARGE</c>).</description></item>
/// <item><term>415</term><description>a POST whose Content-Type is not JSON in UTF-8 (<c>UNSUPPORTED_MEDIA_TYPE</c>).</description></item>
/// <item><term>429</term><description>an abuse limit refused the operation before it ran (<c>RATE_LIMITED</c>): a rate
/// limit (with a <c>Retry-After</c> header, in seconds, when waiting helps) or the cap on root fields per operation
/// (see <see cref="RateLimitOptions"/>).</description></item>
/// </list>
/// </remarks>
public sealed partial class GraphQLHttpMiddleware
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    private readonly RequestDelegate _next;
    private readonly IDocumentExecuter<ISchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly GraphQLHttpOptions _options;
    private readonly ILogger<GraphQLHttpMiddleware> _logger;

    /// <summary>Creates the middleware; <paramref name="next"/> receives WebSocket requests.</summary>
    public GraphQLHttpMiddleware(
        RequestDelegate next,
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        IOptions<GraphQLHttpOptions> options,
        ILogger<GraphQLHttpMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _executer = executer;
        _serializer = serializer;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Handles one HTTP request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.WebSockets.IsWebSocketRequest)
        {
            await _next(context);
            return;
        }

        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method) && _options.EnableGet;
        var isPost = HttpMethods.IsPost(request.Method);
        if (!isGet && !isPost)
        {
            context.Response.Headers.Allow = _options.EnableGet ? "GET, POST" : "POST";
            await WriteErrorAsync(context, GraphQLMediaTypes.Fallback(request), StatusCodes.Status405MethodNotAllowed,
                HitlGraphQLErrorCodes.MethodNotAllowed, $"HTTP method {request.Method} is not allowed; use POST (or GET for queries).");
            return;
        }

        var mediaType = GraphQLMediaTypes.Negotiate(request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteErrorAsync(context, GraphQLMediaTypes.Json, StatusCodes.Status406NotAcceptable, HitlGraphQLErrorCodes.NotAcceptable,
                $"Accept allows neither {GraphQLMediaTypes.GraphQLResponseJson} nor {GraphQLMediaTypes.Json}.");
            return;
        }

        var read = isPost
            ? await ReadPostAsync(context)
            : ReadGet(request);
        if (!read.Succeeded)
        {
            await WriteErrorAsync(context, mediaType, read.Status, read.Code, read.Message);
            return;
        }

        if (!await AuthenticateAsync(context))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(context, mediaType, StatusCodes.Status401Unauthorized, HitlGraphQLErrorCodes.Unauthenticated,
                "The credentials in the Authorization header are not valid.");
            return;
        }

        ExecutionResult result;
        try
        {
            result = await ExecuteAsync(context, read.Request, isGet);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return;
        }

        if (result.Errors?.OfType<HttpOperationTypeError>().Any(e => e.Code == HitlGraphQLErrorCodes.MethodNotAllowed) == true)
        {
            context.Response.Headers.Allow = "POST";
            await WriteResultAsync(context, mediaType, StatusCodes.Status405MethodNotAllowed, result);
            return;
        }

        if (result.Errors?.OfType<RateLimitedError>().ToList() is { Count: > 0 } limited)
        {
            if (limited.Max(e => e.RetryAfterSeconds) is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteResultAsync(context, mediaType, StatusCodes.Status429TooManyRequests, result);
            return;
        }

        // application/json: 200 for every well-formed request. application/graphql-response+json:
        // 200 only when execution started (a "data" entry), 400 for parse/validation failures.
        var statusCode = mediaType == GraphQLMediaTypes.Json || result.Executed
            ? StatusCodes.Status200OK
            : StatusCodes.Status400BadRequest;
        await WriteResultAsync(context, mediaType, statusCode, result);
    }

    private async Task<ExecutionResult> ExecuteAsync(HttpContext context, GraphQLHttpRequest request, bool isGet)
    {
        var userContextBuilder = context.RequestServices.GetService<IGraphQLUserContextBuilder>()
            ?? DefaultGraphQLUserContextBuilder.Instance;
        var userContext = await userContextBuilder.BuildAsync(context);
        var operationRule = isGet ? HttpOperationTypeValidationRule.Get : HttpOperationTypeValidationRule.Post;

        return await _executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
            UserContext = userContext,
            CancellationToken = context.RequestAborted,
            // Rules configured on the graphql-dotnet builder (complexity, ...) are appended to these
            // by the executer's configuration; the operation-type rule depends on the HTTP method,
            // so it also runs for cached documents.
            ValidationRules = DocumentValidator.CoreRules.Append(operationRule),
            CachedDocumentValidationRules = [operationRule],
        });
    }

    /// <summary>
    /// Runs the default authentication scheme and, when it succeeds, sets <see cref="HttpContext.User"/>.
    /// Returns false only when an Authorization header is present and was not accepted (bad
    /// signature, expired, malformed, unknown scheme, or no scheme configured); a request without
    /// the header runs anonymously.
    /// </summary>
    private async Task<bool> AuthenticateAsync(HttpContext context)
    {
        var hasAuthorization = context.Request.Headers.ContainsKey("Authorization");
        var schemes = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if (schemes is null || await schemes.GetDefaultAuthenticateSchemeAsync() is null)
        {
            if (hasAuthorization)
                LogNoAuthenticationScheme(_logger);
            return !hasAuthorization;
        }

        var result = await context.AuthenticateAsync();
        if (result.Succeeded)
        {
            context.User = result.Principal;
            return true;
        }

        return !hasAuthorization;
    }

    private async Task<GraphQLHttpReadResult> ReadPostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!GraphQLMediaTypes.IsJsonContentType(request.ContentType))
        {
            return GraphQLHttpReadResult.Failure(StatusCodes.Status415UnsupportedMediaType, HitlGraphQLErrorCodes.UnsupportedMediaType,
                $"POST requests must have Content-Type {GraphQLMediaTypes.Json} (UTF-8).");
        }

        var limit = _options.MaxRequestBodyBytes;
        var tooLarge = GraphQLHttpReadResult.Failure(StatusCodes.Status413PayloadTooLarge, HitlGraphQLErrorCodes.PayloadTooLarge,
            $"The request body is larger than {limit} bytes.");
        if (request.ContentLength > limit)
            return tooLarge;

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            // Read one byte past the limit to tell "exactly at the limit" from "over it".
            var memory = buffer.GetMemory(Math.Min(4096, limit + 1 - buffer.WrittenCount));
            var read = await request.Body.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return tooLarge;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory, JsonOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return BadRequest("The request body must be a JSON object.");

            var root = document.RootElement;
            if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
                return BadRequest("The request body must have a string \"query\".");
            if (root.TryGetProperty("operationName", out var operationName)
                && operationName.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return BadRequest("\"operationName\" must be a string or null.");
            }

            return Complete(
                query.GetString(),
                operationName.ValueKind == JsonValueKind.String ? operationName.GetString() : null,
                root.TryGetProperty("variables", out var variables) ? variables : default,
                root.TryGetProperty("extensions", out var extensions) ? extensions : default);
        }
        catch (JsonException)
        {
            return BadRequest("The request body is not valid JSON.");
        }
    }

    private GraphQLHttpReadResult ReadGet(HttpRequest request)
    {
        if (request.QueryString.HasValue && request.QueryString.Value!.Length > _options.MaxQueryStringLength)
        {
            return GraphQLHttpReadResult.Failure(StatusCodes.Status413PayloadTooLarge, HitlGraphQLErrorCodes.PayloadTooLarge,
                $"The query string is longer than {_options.MaxQueryStringLength} characters.");
        }

        var parameters = request.Query;
        if (parameters["query"].Count > 1 || parameters["operationName"].Count > 1
            || parameters["variables"].Count > 1 || parameters["extensions"].Count > 1)
        {
            return BadRequest("Each of query, operationName, variables and extensions may appear at most once.");
        }

        var query = parameters["query"].ToString();
        var operationName = parameters["operationName"].ToString();
        try
        {
            using var variables = ParseOptional(parameters["variables"].ToString());
            using var extensions = ParseOptional(parameters["extensions"].ToString());
            return Complete(
                query.Length == 0 ? null : query,
                operationName.Length == 0 ? null : operationName,
                variables?.RootElement ?? default,
                extensions?.RootElement ?? default);
        }
        catch (JsonException)
        {
            return BadRequest("\"variables\" and \"extensions\" must be JSON objects.");
        }

        static JsonDocument? ParseOptional(string json) => json.Length == 0 ? null : JsonDocument.Parse(json, JsonOptions);
    }

    private GraphQLHttpReadResult Complete(
        string? query, string? operationName, JsonElement variables, JsonElement extensions)
    {
        if (string.IsNullOrWhiteSpace(query))
            return BadRequest("The request must have a non-empty \"query\".");
        if (variables.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            return BadRequest("\"variables\" must be a JSON object or null.");
        if (extensions.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
            return BadRequest("\"extensions\" must be a JSON object or null.");

        return GraphQLHttpReadResult.Success(new GraphQLHttpRequest(query, operationName, ReadInputs(variables), ReadInputs(extensions)));
    }

    private global::GraphQL.Inputs? ReadInputs(JsonElement element)
        => element.ValueKind == JsonValueKind.Object ? _serializer.ReadNode<global::GraphQL.Inputs>(element) : null;

    private static GraphQLHttpReadResult BadRequest(string message)
        => GraphQLHttpReadResult.Failure(StatusCodes.Status400BadRequest, HitlGraphQLErrorCodes.BadRequest, message);

    private Task WriteErrorAsync(HttpContext context, string mediaType, int statusCode, string code, string message)
        => WriteResultAsync(context, mediaType, statusCode, new ExecutionResult(new ExecutionError(message) { Code = code }));

    private async Task WriteResultAsync(HttpContext context, string mediaType, int statusCode, ExecutionResult result)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = GraphQLMediaTypes.WithCharset(mediaType);
        await _serializer.WriteAsync(response.Body, result, context.RequestAborted);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "A GraphQL request carried an Authorization header but no default authentication scheme is configured; rejected with 401")]
    private static partial void LogNoAuthenticationScheme(ILogger logger);
}
