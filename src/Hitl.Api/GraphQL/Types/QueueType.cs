using GraphQL;
using GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL.Types;

public sealed class QueueType : ObjectGraphType<QueueView>
{
    /// <summary>The most items one request may read.</summary>
    public const int MaxFirst = 200;

    public QueueType()
    {
        Name = "Queue";
        Field(x => x.Name);
        Field<NonNullGraphType<IntGraphType>>("waiting").Resolve(context => context.Source.Waiting);
        Field(x => x.OldestWaitingSeconds, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorkItemType>>>>("items")
            .Description($"Waiting items, most urgent first, then oldest first (at most {MaxFirst}).")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async context =>
            {
                var first = context.GetArgument("first", 50);
                if (first is < 0 or > MaxFirst)
                {
                    throw HitlException.BadInput($"items(first:) must be between 0 and {MaxFirst}.");
                }

                if (first <= context.Source.Items.Count)
                {
                    return context.Source.Items.Take(first).ToList();
                }

                var principal = context.Principal();
                return (await context.Grains().GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, context.Source.Name)).GetAsync(first)).Items;
            });
    }
}
