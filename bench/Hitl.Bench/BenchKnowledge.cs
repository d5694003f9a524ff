namespace Hitl.Bench;

/// <summary>The knowledge base every benchmark tenant gets, and customer questions that match it.</summary>
public static class BenchKnowledge
{
    // Knowledge articles so the bot answers as it would for a real tenant, and questions that match them.
    public static readonly (string Title, string Body, string[] Questions)[] Articles =
    [
        ("Resetting your password", "Open Settings, choose Security and press Reset password. We email a link that is valid for 30 minutes; follow it and choose a new password of at least 12 characters.", ["How do I reset my password?", "I forgot my password, what now?"]),
        ("Shipping times", "Standard shipping takes 3 to 5 business days inside the EU and 7 to 10 days elsewhere. Express shipping arrives in 1 to 2 business days. You get a tracking link by email once the parcel leaves the warehouse.", ["How long does shipping take?", "When will my parcel arrive?"]),
        ("Changing your delivery address", "You can change the delivery address of an order until it ships: open Orders, pick the order and press Edit address. After it ships, contact the carrier with the tracking number.", ["Can I change the delivery address of my order?", "I moved, how do I update where my package goes?"]),
        ("Downloading invoices", "Every invoice is in Account, Billing, Invoices as a PDF. Invoices are issued on the day the order ships and carry your company name and VAT number if you added them.", ["Where can I download my invoice?", "How do I get a PDF invoice with my VAT number?"]),
        ("Two-factor authentication", "Turn on two-factor authentication in Settings, Security, Two-factor. Scan the QR code with an authenticator app and enter the six-digit code. Keep the recovery codes somewhere safe.", ["How do I turn on two-factor authentication?", "Which authenticator app works for the login codes?"]),
    ];

    public static readonly string[] Questions = [.. Articles.SelectMany(a => a.Questions)];

    /// <summary>A new tenant with the articles; answers its id and a manager token.</summary>
    public static async Task<(string Tenant, string ApiKey, string Manager)> TenantAsync(HitlHttp http, string operatorKey)
    {
        var (tenant, apiKey) = await http.CreateTenantAsync(operatorKey);
        var manager = await http.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        foreach (var (title, body, questions) in Articles)
        {
            await http.PostAsync(
                "mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }",
                new { i = new { title, body, questions } },
                manager);
        }

        return (tenant, apiKey, manager);
    }
}
