namespace Hitl.Api.GraphQL.Http;

/// <summary>One well-formed GraphQL-over-HTTP request, from a POST body or a GET query string.</summary>
internal sealed record GraphQLHttpRequest(string Query, string? OperationName, global::GraphQL.Inputs? Variables, global::GraphQL.Inputs? Extensions);
