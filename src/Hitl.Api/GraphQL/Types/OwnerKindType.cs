using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class OwnerKindType : EnumerationGraphType<OwnerKind>
{
    public OwnerKindType() => Name = "OwnerKind";
}
