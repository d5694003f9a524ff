using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>Fresh tenants per test, with a small knowledge base.</summary>
internal static class TestTenants
{
    public static async Task<string> CreateAsync(IGrainFactory grains, bool withArticles = true, string prefix = "t")
    {
        var tenant = prefix + Guid.NewGuid().ToString("N")[..12];
        await grains.GetGrain<ITenantGrain>(tenant).CreateAsync("Test " + tenant, ApiKeys.Hash("key-" + tenant));
        if (withArticles)
        {
            var kb = grains.GetGrain<IKnowledgeBaseGrain>(tenant);
            await kb.UpsertArticleAsync(new ArticleInput("reset-password", "Resetting your password", "Open the sign-in page and choose 'Forgot password'. We email you a reset link that is valid for one hour.", ["How do I reset my password?", "I forgot my password"]));
            await kb.UpsertArticleAsync(new ArticleInput("share-folder", "Sharing a folder", "Right-click a folder and choose Share. Invite people by email and choose whether they can view or edit.", ["How do I share a folder?", "How can my colleague edit my files?"]));
            await kb.UpsertArticleAsync(new ArticleInput("invoices", "Finding invoices", "Download invoices as PDF under Settings > Billing > Invoices.", ["Where can I download my invoice?"]));
        }

        return tenant;
    }
}
