using GraphQLParser.AST;

namespace Hitl.Api.Limits;

/// <summary>The root fields an operation selects, as the executer would run them: aliases, inline fragments and fragment spreads included.</summary>
internal static class RootFields
{
    /// <summary>Work bound for pathological documents (long fragment chains): past it the operation counts as over any limit.</summary>
    private const int MaxSteps = 100_000;

    /// <summary>
    /// Counts the root field selections of <paramref name="operation"/>, stopping at <paramref name="limit"/>, and adds
    /// their names to <paramref name="names"/> when given. Directives (<c>@skip</c>/<c>@include</c>) are ignored:
    /// every selection counts. A spread of an unknown fragment, or of one already being expanded (a cycle), adds
    /// nothing; the spec's rules reject those documents anyway. Iterative, so fragment chains cannot exhaust the stack.
    /// </summary>
    public static int Count(GraphQLDocument document, GraphQLOperationDefinition operation, int limit, List<string>? names = null)
    {
        Dictionary<string, GraphQLFragmentDefinition>? fragments = null;
        HashSet<string>? expanding = null;

        // Selections to visit, and the names of fragments to leave (pushed before their selections).
        var stack = new Stack<object>();
        PushAll(stack, operation.SelectionSet);
        var count = 0;
        var steps = 0;
        while (stack.Count > 0 && count < limit)
        {
            if (++steps > MaxSteps)
            {
                return limit;
            }

            switch (stack.Pop())
            {
                case string leaving:
                    expanding!.Remove(leaving);
                    break;
                case GraphQLField field:
                    count++;
                    names?.Add(field.Name.StringValue);
                    break;
                case GraphQLInlineFragment inline:
                    PushAll(stack, inline.SelectionSet);
                    break;
                case GraphQLFragmentSpread spread:
                    fragments ??= Fragments(document);
                    var name = spread.FragmentName.Name.StringValue;
                    expanding ??= new HashSet<string>(StringComparer.Ordinal);
                    if (fragments.TryGetValue(name, out var definition) && expanding.Add(name))
                    {
                        stack.Push(name);
                        PushAll(stack, definition.SelectionSet);
                    }

                    break;
            }
        }

        return count;
    }

    private static void PushAll(Stack<object> stack, GraphQLSelectionSet? set)
    {
        if (set is null)
        {
            return;
        }

        // In reverse, so they pop in document order.
        for (var i = set.Selections.Count - 1; i >= 0; i--)
        {
            stack.Push(set.Selections[i]);
        }
    }

    private static Dictionary<string, GraphQLFragmentDefinition> Fragments(GraphQLDocument document)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLFragmentDefinition fragment)
            {
                fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
            }
        }

        return fragments;
    }
}
