using Microsoft.Extensions.Options;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>Checks the socket caps and the token recheck interval of <see cref="GraphQLWebSocketOptions"/> when the host starts.</summary>
internal sealed class GraphQLWebSocketOptionsValidator : IValidateOptions<GraphQLWebSocketOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphQLWebSocketOptions options)
    {
        var failures = new List<string>();
        if (options.MaxSockets < 1 || options.MaxSocketsPerClient < 1)
        {
            failures.Add($"{GraphQLWebSocketOptions.Section}:MaxSockets and MaxSocketsPerClient must be at least 1.");
        }

        if (options.MaxOperationIdLength < 1)
        {
            failures.Add($"{GraphQLWebSocketOptions.Section}:MaxOperationIdLength must be at least 1.");
        }

        if (options.TokenRecheckInterval < TimeSpan.FromMilliseconds(10) || options.TokenRecheckInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{GraphQLWebSocketOptions.Section}:TokenRecheckInterval must be between 10 ms and 1 day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
