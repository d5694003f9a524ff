using System.Diagnostics.CodeAnalysis;

namespace Hitl.Api.GraphQL.Http;

/// <summary>What reading a GraphQL-over-HTTP request gave: the request, or the status and error to answer instead.</summary>
/// <param name="Request">The well-formed request; null when it was not one.</param>
/// <param name="Status">200, or the HTTP status to answer with.</param>
/// <param name="Code">The error's <c>extensions.code</c> when the request was not well-formed.</param>
/// <param name="Message">The error's message when the request was not well-formed.</param>
internal sealed record GraphQLHttpReadResult(GraphQLHttpRequest? Request, int Status, string? Code, string? Message)
{
    /// <summary>True when <see cref="Request"/> was read; false when <see cref="Code"/> and <see cref="Message"/> say why not.</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Code), nameof(Message))]
    public bool Succeeded => Request is not null;

    public static GraphQLHttpReadResult Success(GraphQLHttpRequest request) => new(request, StatusCodes.Status200OK, null, null);

    public static GraphQLHttpReadResult Failure(int status, string code, string message) => new(null, status, code, message);
}
