using System.Collections.Frozen;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// A small, generic thesaurus of support vocabulary: customers say "coworker" and "wifi" where
/// articles say "colleague" and "internet". Each group lists words that can stand for each other
/// in a support question. Terms are compared after analysis (stemmed), so a group written in plain
/// words covers their inflections. Matches through a related word count less than the word itself
/// (see <see cref="ConfidenceCalibrator"/>).
/// </summary>
internal sealed class SupportThesaurus
{
    private static readonly string[] Groups =
    [
        "file document doc spreadsheet",
        "coworker colleague teammate employee member staff",
        "wifi internet online connection network",
        "photo picture image pic",
        "video movie clip",
        "phone mobile smartphone iphone android cellphone",
        "computer desktop laptop pc",
        "app application client program software",
        "login logon signin sign",
        "password passcode passphrase",
        "2fa mfa authentication verification authenticator",
        "card credit debit",
        "invoice receipt bill",
        "cancel unsubscribe terminate",
        "delete remove erase",
        "restore recover undelete retrieve",
        "change switch modify",
        "plan subscription tier",
        "price cost fee",
        "max maximum limit biggest largest",
        "storage space quota capacity",
        "gb gigabyte tb terabyte",
        "sync synchronize synchronise",
        "location region country datacenter",
        "europe eu european",
        "us usa america american",
        "email mail",
        "folder directory",
        "version revision",
        "refund reimburse reimbursement",
        "team business organization organisation workspace",
        "admin administrator",
        "browser web website",
        "automatically automatic auto",
    ];

    private readonly FrozenDictionary<string, string[]> _related;

    public SupportThesaurus(KnowledgeAnalyzer analyzer)
    {
        var related = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var stems = analyzer.Terms(group).Distinct(StringComparer.Ordinal).ToList();
            foreach (var stem in stems)
            {
                if (!related.TryGetValue(stem, out var set))
                {
                    related[stem] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(stems.Where(s => s != stem));
            }
        }

        _related = related.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Analyzed terms related to <paramref name="term"/>, not including it.</summary>
    public IReadOnlyList<string> Related(string term) => _related.TryGetValue(term, out var related) ? related : [];
}
