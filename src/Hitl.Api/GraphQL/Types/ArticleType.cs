using GraphQL.Types;
using Hitl.Grains.Knowledge;

namespace Hitl.Api.GraphQL.Types;

public sealed class ArticleType : ObjectGraphType<Article>
{
    public ArticleType()
    {
        Name = "Article";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Title);
        Field(x => x.Body);
        Field(x => x.Questions, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description("Example questions this article answers.");
        Field(x => x.UpdatedAt, type: typeof(NonNullGraphType<DateTimeScalar>));
    }
}
