namespace Hitl.Grains.Common;

/// <summary>
/// A rejected command: the caller did something the domain does not allow. Carries a stable
/// <see cref="Code"/> (see <see cref="HitlErrorCodes"/>). Crosses grain boundaries intact, and a
/// command that throws it has changed nothing.
/// </summary>
[GenerateSerializer, Alias("hitl.HitlException")]
public sealed class HitlException : Exception
{
    public HitlException(string code, string message)
        : base(message) => Code = code;

    public HitlException()
        : this(HitlErrorCodes.BadUserInput, "Bad input.")
    {
    }

    public HitlException(string message)
        : this(HitlErrorCodes.BadUserInput, message)
    {
    }

    public HitlException(string message, Exception innerException)
        : base(message, innerException) => Code = HitlErrorCodes.BadUserInput;

    [Id(0)]
    public string Code { get; private set; }

    public static HitlException NotFound(string message) => new(HitlErrorCodes.NotFound, message);

    public static HitlException Conflict(string message) => new(HitlErrorCodes.Conflict, message);

    public static HitlException Forbidden(string message) => new(HitlErrorCodes.Forbidden, message);

    public static HitlException BadInput(string message) => new(HitlErrorCodes.BadUserInput, message);

    public static HitlException RateLimited(string message) => new(HitlErrorCodes.RateLimited, message);

    public static HitlException Unavailable(string message) => new(HitlErrorCodes.Unavailable, message);
}
