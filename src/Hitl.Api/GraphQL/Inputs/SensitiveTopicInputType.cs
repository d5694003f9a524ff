using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

/// <summary>
/// SensitiveTopicInput, field for field from <see cref="SensitiveTopicInput"/>: its properties are all required (non-nullable) and plain
/// scalars or lists of strings, so the contract reads the same from the class.
/// </summary>
public sealed class SensitiveTopicInputType : AutoRegisteringInputObjectGraphType<SensitiveTopicInput>
{
    public SensitiveTopicInputType() => Name = "SensitiveTopicInput";
}
