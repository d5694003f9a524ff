namespace Hitl.Grains.Knowledge;

/// <summary>Where an article contains a query term.</summary>
[Flags]
public enum MatchedFields
{
    /// <summary>The article does not contain the term or a related term.</summary>
    None = 0,

    /// <summary>In the title.</summary>
    Title = 1,

    /// <summary>In one of the example questions.</summary>
    Questions = 2,

    /// <summary>In the body.</summary>
    Body = 4,

    /// <summary>Only through a related term from the thesaurus, not the term itself.</summary>
    Synonym = 8,
}
