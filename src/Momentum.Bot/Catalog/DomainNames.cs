namespace Momentum.Bot.Catalog;

/// <summary>What an organisation's email domain may be: a DNS name with at least one dot (like isovalent.com).</summary>
public static class DomainNames
{
    public static bool IsValid(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.Length <= 253 && domain.Contains('.', StringComparison.Ordinal) && Uri.CheckHostName(domain) == UriHostNameType.Dns;
    }
}
