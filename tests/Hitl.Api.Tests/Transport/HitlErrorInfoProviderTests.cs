using GraphQL;
using GraphQL.Execution;
using Hitl.Api.GraphQL.Errors;
using Hitl.Grains.Common;
using Orleans.Storage;

namespace Hitl.Api.Tests.Transport;

public sealed class HitlErrorInfoProviderTests
{
    private readonly HitlErrorInfoProvider _provider = new();

    [Fact]
    public void HitlException_WrappedInUnhandledError_KeepsCodeAndMessage()
    {
        var info = _provider.GetInfo(new UnhandledError("Error trying to resolve field 'x'.", HitlException.Conflict("Already assigned.")));

        Assert.Equal("CONFLICT", info.Extensions!["code"]);
        Assert.Equal("Already assigned.", info.Message);
    }

    [Fact]
    public void HitlException_NestedDeeper_IsFound()
    {
        var wrapped = new ExecutionError("outer", new InvalidOperationException("middle", HitlException.NotFound("No such queue.")));

        var info = _provider.GetInfo(wrapped);

        Assert.Equal("NOT_FOUND", info.Extensions!["code"]);
        Assert.Equal("No such queue.", info.Message);
    }

    [Fact]
    public void InconsistentState_InsideAggregate_IsConflict()
    {
        var error = new UnhandledError("x", new AggregateException(new InconsistentStateException("etag")));

        var info = _provider.GetInfo(error);

        Assert.Equal("CONFLICT", info.Extensions!["code"]);
        Assert.DoesNotContain("etag", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_IsUnavailable()
    {
        var info = _provider.GetInfo(new UnhandledError("x", new OperationCanceledException()));

        Assert.Equal("UNAVAILABLE", info.Extensions!["code"]);
    }

    [Fact]
    public void A_dead_silo_or_missing_gateway_is_unavailable_and_retriable()
    {
        foreach (var cause in new Exception[]
        {
            new SiloUnavailableException("The target silo became unavailable for message: Request S127.0.0.1:11111:0"),
            new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to 127.0.0.1:30000."),
        })
        {
            var info = _provider.GetInfo(new UnhandledError("x", new InvalidOperationException("wrapper", cause)));

            Assert.Equal("UNAVAILABLE", info.Extensions!["code"]);
            Assert.DoesNotContain("127.0.0.1", info.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_storage_failure_reported_by_a_silo_keeps_its_unavailable_code()
    {
        var info = _provider.GetInfo(new UnhandledError("x", HitlException.Unavailable("Storage is unavailable; nothing was changed. Retry the request.")));

        Assert.Equal("UNAVAILABLE", info.Extensions!["code"]);
    }

    [Fact]
    public void UnknownException_IsInternalWithGenericMessageEvenIfItsNameLooksLikeOurCode()
    {
        // graphql-dotnet would derive code "NOT_FOUND" from this exception's type name.
        var error = new ExecutionError("Error trying to resolve field 'x'.", new NotFoundException("row 42 in table secrets"));

        var info = _provider.GetInfo(error);

        Assert.Equal("INTERNAL_SERVER_ERROR", info.Extensions!["code"]);
        Assert.Equal(HitlErrorInfoProvider.InternalErrorMessage, info.Message);
        Assert.Single(info.Extensions);
    }

    [Fact]
    public void DeliberateExecutionErrorWithOurCode_IsKept()
    {
        var info = _provider.GetInfo(new ExecutionError("Token expired.") { Code = "UNAUTHENTICATED" });

        Assert.Equal("UNAUTHENTICATED", info.Extensions!["code"]);
        Assert.Equal("Token expired.", info.Message);
    }

    [Fact]
    public void QueryMissing_IsBadRequest()
    {
        var info = _provider.GetInfo(new QueryMissingError());

        Assert.Equal("BAD_REQUEST", info.Extensions!["code"]);
    }

    private sealed class NotFoundException(string message) : Exception(message);
}
