namespace Hitl.Api.Live;

/// <summary>A subscriber did not keep up with its events: it is cut off rather than buffered without bound.</summary>
public sealed class SlowConsumerException : Exception
{
    public SlowConsumerException()
        : base("The subscriber did not keep up with its events and was cut off.")
    {
    }

    public SlowConsumerException(string message)
        : base(message)
    {
    }

    public SlowConsumerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
