using GraphQL.Types;
using Hitl.Grains.Common;

namespace Hitl.Api.GraphQL.Types;

public sealed class RoleType : EnumerationGraphType<CallerRole>
{
    public RoleType() => Name = "Role";
}
