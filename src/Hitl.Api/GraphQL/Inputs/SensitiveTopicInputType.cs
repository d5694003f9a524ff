using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class SensitiveTopicInputType : InputObjectGraphType<SensitiveTopicInput>
{
    public SensitiveTopicInputType()
    {
        Name = "SensitiveTopicInput";
        Field(x => x.Name);
        Field(x => x.Phrases, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.Queue);
        Field(x => x.Priority);
    }
}
