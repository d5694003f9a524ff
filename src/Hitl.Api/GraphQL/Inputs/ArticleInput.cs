namespace Hitl.Api.GraphQL.Inputs;

public sealed class ArticleInput
{
    public string? Id { get; set; }

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public List<string>? Questions { get; set; }
}
