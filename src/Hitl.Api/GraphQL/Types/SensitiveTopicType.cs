using GraphQL.Types;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL.Types;

public sealed class SensitiveTopicType : ObjectGraphType<SensitiveTopic>
{
    public SensitiveTopicType()
    {
        Name = "SensitiveTopic";
        Field(x => x.Name);
        Field(x => x.Phrases, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.Queue);
        Field(x => x.Priority);
    }
}
