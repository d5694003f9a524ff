using Hitl.Grains.Knowledge;

namespace Hitl.Api.Hosting;

/// <summary>The sample knowledge base of the demo tenant: help articles of a made-up note-taking app.</summary>
public static class DemoArticles
{
    public static IReadOnlyList<ArticleInput> All { get; } =
    [
        new("sign-in-help", "Signing in and resetting your password",
            "On the sign-in screen choose 'Forgot password' and enter your email address. We send a link that resets your password and stays valid for one hour. Check your spam folder if it does not arrive within a few minutes.",
            ["I forgot my password", "How do I reset my password?", "I can't log in"]),
        new("plans-and-prices", "Plans and prices",
            "Pine Notes has three plans: Free (3 notebooks), Plus (unlimited notebooks, 10 GB of attachments, $4 a month) and Team (everything in Plus, shared workspaces and admin tools, $8 per person a month). Yearly billing saves two months.",
            ["How much does Plus cost?", "What plans do you have?", "Is there a free plan?"]),
        new("upgrade-downgrade", "Upgrading or downgrading",
            "Open Settings > Subscription and pick a plan. Upgrades start at once and you pay the difference for the rest of the period. Downgrades start at the end of the period you already paid for.",
            ["How do I upgrade to Plus?", "Can I switch to a cheaper plan?"]),
        new("offline-mode", "Using notes offline",
            "The desktop and mobile apps keep every notebook you open on the device. You can read and edit offline; changes sync when you are back online. On the Free plan, mark a notebook as 'Available offline' to keep it.",
            ["Can I use the app without internet?", "Do my notes work offline?"]),
        new("sync-issues", "Notes are not syncing",
            "Check that you are signed in on both devices with the same account and that the sync icon is not paused. Pull down to refresh on mobile. If a note shows a conflict, both versions are kept so you can merge them.",
            ["My notes don't sync", "Changes on my phone don't show on my laptop"]),
        new("share-notebook", "Sharing a notebook",
            "Open the notebook, choose Share and invite people by email. Each person can be a viewer or an editor. You can also create a read-only public link and turn it off at any time.",
            ["How do I share a notebook?", "Can my colleague edit my notes?"]),
        new("export-notes", "Exporting your notes",
            "Choose File > Export to save a note or a whole notebook as Markdown, PDF or HTML. Settings > Account > Export all creates a ZIP of everything you have, attachments included.",
            ["How do I export my notes?", "Can I download all my data?"]),
        new("recover-deleted", "Recovering deleted notes",
            "Deleted notes stay in the Trash for 30 days. Open Trash, select the notes and choose Restore. After 30 days they are removed for good.",
            ["I deleted a note by mistake", "How do I restore a deleted note?"]),
        new("invoices-receipts", "Invoices and receipts",
            "Every payment has an invoice. Download them as PDF under Settings > Subscription > Billing history. Add your company name and VAT number before you download.",
            ["Where is my invoice?", "I need a receipt for my payment"]),
        new("two-step", "Two-step verification",
            "Go to Settings > Security > Two-step verification, scan the QR code with an authenticator app and type the six-digit code. Keep the recovery codes somewhere safe: they are the only way in if you lose your phone.",
            ["How do I turn on 2FA?", "How do I enable two-step verification?"]),
        new("refunds", "Refunds",
            "We refund any payment made in the last 14 days if you ask us. Refunds go back to the original payment method within 5 business days.",
            ["Can I get a refund?", "How long does a refund take?"]),
    ];
}
