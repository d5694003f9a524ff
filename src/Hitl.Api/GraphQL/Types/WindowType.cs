using GraphQL.Types;
using Hitl.Grains.Scoreboards;

namespace Hitl.Api.GraphQL.Types;

public sealed class WindowType : EnumerationGraphType<ScoreWindow>
{
    public WindowType() => Name = "Window";
}
