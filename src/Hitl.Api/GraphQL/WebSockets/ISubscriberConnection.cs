namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>What a subscription resolver may ask of the socket it serves (found in the GraphQL user context).</summary>
public interface ISubscriberConnection
{
    /// <summary>The key under which the connection sits in the user context.</summary>
    const string UserContextKey = "hitl.subscriber";

    /// <summary>A subscription fell behind: close the socket as a slow consumer.</summary>
    void CutOffSlowConsumer();
}
