using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.GraphQL.Http;
using Hitl.Api.Limits;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// GraphQL over WebSocket with the <c>graphql-transport-ws</c> subprotocol, on graphql-dotnet's
/// executer: <c>connection_init</c> (with <c>{"authorization": "Bearer ..."}</c> in its payload, or
/// the upgrade request's Authorization header, validated the same way), <c>connection_ack</c>, <c>ping</c>/<c>pong</c>,
/// <c>subscribe</c>/<c>next</c>/<c>error</c>/<c>complete</c> for subscriptions, queries and
/// mutations, and the protocol's close codes (see <see cref="GraphQLWebSocketCloseCodes"/>).
/// </summary>
/// <remarks>
/// Open sockets are capped in all and per client address (<see cref="WebSocketAdmission"/>): over a cap the upgrade
/// request is answered with HTTP 429 and a <c>RATE_LIMITED</c> GraphQL error, and no WebSocket is accepted. A socket
/// whose token expires or is revoked is closed with 4403 (checked at the token's expiry and every
/// <see cref="GraphQLWebSocketOptions.TokenRecheckInterval"/>).
/// </remarks>
public sealed class GraphQLWebSocketMiddleware(
    RequestDelegate next,
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    BearerTokenValidator tokens,
    IOptions<GraphQLWebSocketOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLWebSocketMiddleware> logger,
    IServiceProvider services)
{
    public const string SubProtocol = "graphql-transport-ws";

    // Optional, so that hosts serving only this transport (tests) need not register them.
    private readonly WebSocketAdmission? _admission = services.GetService<WebSocketAdmission>();
    private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly IOptionsMonitor<JwtBearerOptions>? _bearer = services.GetService<IOptionsMonitor<JwtBearerOptions>>();

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        using var admitted = _admission?.TryAdmit(context.Connection.RemoteIpAddress);
        if (_admission is not null && admitted is null)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.ContentType = GraphQLMediaTypes.WithCharset(GraphQLMediaTypes.Json);
            await serializer.WriteAsync(
                context.Response.Body,
                new ExecutionResult(new ExecutionError("Too many open WebSockets; close one and try again.") { Code = HitlGraphQLErrorCodes.RateLimited }),
                context.RequestAborted);
            return;
        }

        // A token in the upgrade request is validated exactly like one in connection_init.
        UpgradeToken upgrade = default;
        if (context.Request.Headers.Authorization is { Count: > 0 } header)
        {
            var authorization = header.ToString();
            upgrade = await tokens.ValidateAsync(authorization) is { } user
                ? new(user, authorization, Rejected: false)
                : new(null, null, Rejected: true);
        }

        var speaksProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(speaksProtocol ? SubProtocol : null);
        var clockSkew = _bearer?.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters?.ClockSkew ?? TimeSpan.Zero;
        using var connection = new GraphQLWebSocketConnection(socket, context, executer, serializer, tokens, options.Value, logger, _time, clockSkew);
        if (!speaksProtocol)
        {
            connection.Close(GraphQLWebSocketCloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable");
        }
        else if (upgrade.Rejected)
        {
            connection.Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
        }

        await connection.RunAsync(upgrade.Principal, upgrade.Authorization, lifetime.ApplicationStopping);
    }

    private readonly record struct UpgradeToken(System.Security.Claims.ClaimsPrincipal? Principal, string? Authorization, bool Rejected);
}
