using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class AuthorType : EnumerationGraphType<Author>
{
    public AuthorType() => Name = "Author";
}
