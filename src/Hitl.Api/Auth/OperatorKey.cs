using System.Security.Cryptography;
using System.Text;
using Hitl.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Auth;

/// <summary>The installation's operator key (creates tenants): <c>Hitl:OperatorKey</c>, else generated once and kept in the data directory.</summary>
public sealed class OperatorKey(IOptions<HitlOptions> options, DataDirectory data)
{
    private readonly Lazy<string> _value = new(() =>
        options.Value.OperatorKey is { Length: > 0 } configured
            ? configured
            : data.GetOrCreateSecret("operator.key", () => "op_" + DataDirectory.NewSecret()));

    public string Value => _value.Value;

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
}
