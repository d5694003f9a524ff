using System.Text.RegularExpressions;
using Hitl.Grains.Common;

namespace Hitl.Grains.Knowledge;

/// <summary>Validation of article input.</summary>
public static partial class ArticleRules
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxQuestions = 50;
    public const int MaxQuestion = 500;
    public const int MaxArticles = 5_000;

    /// <summary>Article ids: 1-64 of letters, digits, '-', '_' and '.'.</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Returns the trimmed input, or throws BAD_USER_INPUT.</summary>
    public static ArticleInput Validate(ArticleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var title = input.Title?.Trim() ?? "";
        var body = input.Body?.Trim() ?? "";
        var questions = (input.Questions ?? []).Select(q => q?.Trim() ?? "").ToList();
        if (input.Id is not null && !IsId(input.Id))
        {
            throw HitlException.BadInput("Article id must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        if (title.Length is 0 or > MaxTitle)
        {
            throw HitlException.BadInput($"Article title must be 1-{MaxTitle} characters.");
        }

        if (body.Length is 0 or > MaxBody)
        {
            throw HitlException.BadInput($"Article body must be 1-{MaxBody} characters.");
        }

        if (questions.Count > MaxQuestions || questions.Any(q => q.Length is 0 or > MaxQuestion))
        {
            throw HitlException.BadInput($"At most {MaxQuestions} example questions, each 1-{MaxQuestion} characters.");
        }

        return new ArticleInput(input.Id, title, body, questions);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}
