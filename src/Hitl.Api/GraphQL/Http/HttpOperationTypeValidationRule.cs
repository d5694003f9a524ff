using GraphQL.Validation;
using GraphQLParser.AST;
using Hitl.Api.GraphQL.Errors;

namespace Hitl.Api.GraphQL.Http;

/// <summary>
/// Checks the selected operation's type against the HTTP method, as part of validation so the
/// document is parsed once: GET runs queries only, and subscriptions need the WebSocket transport.
/// </summary>
internal sealed class HttpOperationTypeValidationRule : ValidationRuleBase
{
    public static readonly HttpOperationTypeValidationRule Get = new(isGet: true);
    public static readonly HttpOperationTypeValidationRule Post = new(isGet: false);

    internal const string SubscriptionMessage =
        "Subscriptions are not supported over HTTP; open a WebSocket to this endpoint with the graphql-transport-ws subprotocol.";

    private readonly bool _isGet;

    private HttpOperationTypeValidationRule(bool isGet) => _isGet = isGet;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation;
        if (_isGet && operation.Operation != OperationType.Query)
        {
            context.ReportError(new HttpOperationTypeError(
                context,
                operation,
                HitlGraphQLErrorCodes.MethodNotAllowed,
                $"Only queries can be sent with GET; send the {operation.Operation.ToString().ToLowerInvariant()} with POST."));
        }
        else if (!_isGet && operation.Operation == OperationType.Subscription)
        {
            context.ReportError(new HttpOperationTypeError(
                context, operation, HitlGraphQLErrorCodes.OperationNotSupported, SubscriptionMessage));
        }

        return default;
    }
}
