using Momentum.Engine;

namespace Momentum.Bot.Catalog;

/// <summary>A project: one or more repositories whose activity is summed, and its vendor organisations.</summary>
public sealed record Project(string Name, IReadOnlyList<RepositoryId> Repositories, IReadOnlyList<Organization> Vendors, bool InCatalog);
