using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Api;

/// <summary>
/// Guards write endpoints with <c>Authorization: Bearer {Api__AdminToken}</c>: no token configured → 403 (writes
/// are off), missing or wrong token → 401. The comparison takes constant time.
/// </summary>
public sealed class AdminTokenFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var configured = options.Value.AdminToken;
        if (string.IsNullOrEmpty(configured))
        {
            return TypedResults.Problem("Writes are disabled: set Api__AdminToken to enable them.", statusCode: StatusCodes.Status403Forbidden);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!FixedTimeEquals(presented, configured))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem("A valid admin bearer token is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    public static bool FixedTimeEquals(string presented, string expected)
    {
        // Hash both sides so the comparison takes the same time whatever the lengths.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
