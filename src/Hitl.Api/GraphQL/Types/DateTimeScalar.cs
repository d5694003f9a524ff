using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Hitl.Api.GraphQL.Types;

/// <summary>The contract's <c>DateTime</c>: ISO-8601 in UTC with milliseconds, e.g. 2026-11-23T10:15:00.000Z.</summary>
public sealed class DateTimeScalar : ScalarGraphType
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public DateTimeScalar()
    {
        Name = "DateTime";
        Description = "ISO-8601 timestamp, UTC, e.g. 2026-11-23T10:15:00.000Z";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        DateTimeOffset d => d,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => Parse((string)s.Value),
        _ => ThrowLiteralConversionError(value),
    };

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var result)
            ? result
            : throw new FormatException($"'{text}' is not an ISO-8601 timestamp.");
}
