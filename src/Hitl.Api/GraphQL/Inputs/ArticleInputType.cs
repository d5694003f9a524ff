using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class ArticleInputType : InputObjectGraphType<ArticleInput>
{
    public ArticleInputType()
    {
        Name = "ArticleInput";
        Field(x => x.Id, type: typeof(IdGraphType));
        Field(x => x.Title);
        Field(x => x.Body);
        Field(x => x.Questions, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>));
    }
}
