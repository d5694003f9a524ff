using GraphQL.Validation;
using GraphQLParser.AST;

namespace Hitl.Api.GraphQL.Http;

/// <summary>
/// The selected operation cannot run over this HTTP request: a mutation or subscription over GET
/// (<c>METHOD_NOT_ALLOWED</c>, HTTP 405) or a subscription over POST (<c>OPERATION_NOT_SUPPORTED</c>).
/// </summary>
internal sealed class HttpOperationTypeError : ValidationError
{
    public HttpOperationTypeError(ValidationContext context, GraphQLOperationDefinition operation, string code, string message)
        : base(context.Document.Source, null, message, operation)
    {
        Code = code;
    }
}
