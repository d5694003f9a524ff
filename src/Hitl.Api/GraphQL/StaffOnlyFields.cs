using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Hitl.Grains.Common;

namespace Hitl.Api.GraphQL;

/// <summary>
/// Staff-only fields (DESIGN.md section 8): drafts, escalations, sentiment, agent ids, grades and
/// provenance. A CUSTOMER caller selecting one gets FORBIDDEN for that field and never its value;
/// the rest of the response resolves (a non-null field's null propagates to its parent, as GraphQL
/// requires). The check runs as field middleware, so it holds on every path that reaches the type:
/// queries, mutation payloads and subscription events alike.
/// </summary>
public static class StaffOnlyFields
{
    /// <summary>The field metadata key that marks a staff-only field.</summary>
    public const string MetadataKey = "hitl.staffOnly";

    /// <summary>Marks the field staff-only: customers get FORBIDDEN for it.</summary>
    public static FieldBuilder<TSource, TReturn> StaffOnly<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.WithMetadata(MetadataKey, true).ApplyMiddleware(next => context =>
        {
            if (context.Caller().Role == CallerRole.Customer)
            {
                throw HitlException.Forbidden($"'{context.ParentType.Name}.{context.FieldDefinition.Name}' is for staff only.");
            }

            return next(context);
        });
    }

    /// <summary>Whether <paramref name="field"/> is marked staff-only.</summary>
    public static bool IsStaffOnly(this FieldType field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.GetMetadata(MetadataKey, false);
    }
}
