using System.Globalization;
using System.Text.RegularExpressions;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Reads amounts of money: a currency symbol or code before the number ("$249", "£200", "€ 50",
/// "USD 120") or a currency word or code after it ("249 dollars", "899 pounds", "120 USD",
/// "50 euros"), with thousands separators and decimals ("$1,299.99") and a "k" suffix ("$1.5k").
/// Bare numbers are not money ("March 2024", "2 TB", "30 days").
/// </summary>
public sealed partial class AmountExtractor
{
    public IReadOnlyList<MoneyAmount> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<MoneyAmount>();
        foreach (Match m in Before().Matches(text))
        {
            found.Add(new MoneyAmount(Value(m.Groups["n"].Value, m.Groups["k"].Success), Currency(m.Groups["c"].Value), m.Value.Trim()));
        }

        foreach (Match m in After().Matches(text))
        {
            found.Add(new MoneyAmount(Value(m.Groups["n"].Value, m.Groups["k"].Success), Currency(m.Groups["c"].Value), m.Value.Trim()));
        }

        return found;
    }

    private static double Value(string number, bool thousands) =>
        double.Parse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * (thousands ? 1000 : 1);

    private static string Currency(string token) => token.ToUpperInvariant() switch
    {
        "$" or "USD" or "DOLLAR" or "DOLLARS" or "BUCKS" => "USD",
        "£" or "GBP" or "POUND" or "POUNDS" or "QUID" => "GBP",
        "€" or "EUR" or "EURO" or "EUROS" => "EUR",
        var other => other,
    };

    private const string Number = @"(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<k>k\b)?";

    [GeneratedRegex(@"(?<c>[$£€]|\b(?:USD|EUR|GBP|CAD|AUD)\b)\s?" + Number, RegexOptions.IgnoreCase)]
    private static partial Regex Before();

    [GeneratedRegex(@"(?<![$£€\d.,])" + Number + @"\s?(?<c>dollars?|bucks|euros?|pounds?|quid|USD|EUR|GBP|CAD|AUD)\b", RegexOptions.IgnoreCase)]
    private static partial Regex After();
}
