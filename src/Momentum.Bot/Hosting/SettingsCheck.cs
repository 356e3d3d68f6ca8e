using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Momentum.Bot.Hosting;

/// <summary>An options class and the configuration section it is bound from (<c>Scheduling</c> → <c>Scheduling__*</c>).</summary>
public sealed record SettingsSection(string Name, Type Options)
{
    public static SettingsSection Of<T>(string name)
        where T : new() => new(name, typeof(T));
}

/// <summary>
/// Checks every setting the host reads before anything is built from it: each property of each options class, read as
/// the text the operator gave, must parse as its type and meet its attributes (<see cref="RangeAttribute"/>,
/// <see cref="PositiveDurationAttribute"/>, <see cref="ExistingFileAttribute"/>, <see cref="RegularExpressionAttribute"/>).
/// The first problem comes back as one line that names the setting, says what is wrong and shows the accepted form.
/// </summary>
public static class SettingsCheck
{
    public static string? Problem(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        foreach (var section in sections)
        {
            var defaults = Activator.CreateInstance(section.Options);
            foreach (var property in section.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var raw = configuration[$"{section.Name}:{property.Name}"];
                if (raw is null)
                {
                    continue;
                }

                var name = $"{section.Name.Replace(":", "__", StringComparison.Ordinal)}__{property.Name}";
                if (Check(property, raw.Trim(), property.GetValue(defaults)) is { } problem)
                {
                    return $"Invalid setting {name}={Shown(raw)}: {problem}";
                }
            }
        }

        return null;
    }

    private static string Shown(string raw) => raw.Length > 80 ? raw[..80] + "…" : raw;

    private static string? Check(PropertyInfo property, string raw, object? example)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var optional = Nullable.GetUnderlyingType(property.PropertyType) is not null || !type.IsValueType;
        if (raw.Length == 0 && optional && property.GetCustomAttribute<RequiredAttribute>() is null)
        {
            return null;
        }

        var range = property.GetCustomAttribute<RangeAttribute>();
        if (type == typeof(TimeSpan))
        {
            var like = example is TimeSpan t && t > TimeSpan.Zero ? t : TimeSpan.FromMinutes(30);
            var positive = property.GetCustomAttribute<PositiveDurationAttribute>() is not null;
            var form = positive ? $"must be a positive duration like {like:c}" : $"must be a duration of zero or more like {like:c}";
            if (!TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero || (positive && value == TimeSpan.Zero))
            {
                return form;
            }

            return range is not null && !range.IsValid(value) ? $"must be a duration from {range.Minimum} to {range.Maximum}" : null;
        }

        if (type == typeof(int))
        {
            var bounds = range is null ? "" : $" from {range.Minimum} to {range.Maximum}";
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (range is null || range.IsValid(value))
                ? null
                : $"must be a whole number{bounds}";
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(raw, out _) ? null : "must be true or false";
        }

        if (type == typeof(Uri))
        {
            var like = example as Uri ?? new Uri("https://example.com/");
            return Uri.TryCreate(raw, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? null
                : $"must be an absolute http(s) URL like {like}";
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, raw, ignoreCase: true, out _) ? null : $"must be one of {string.Join(", ", Enum.GetNames(type))}";
        }

        if (type == typeof(string))
        {
            if (property.GetCustomAttribute<RequiredAttribute>() is not null && raw.Length == 0)
            {
                return "must not be empty";
            }

            if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern && !pattern.IsValid(raw))
            {
                return pattern.ErrorMessage ?? $"must match {pattern.Pattern}";
            }

            if (property.GetCustomAttribute<ExistingFileAttribute>() is not null && !File.Exists(raw))
            {
                return "no such file; must be the path of a readable file";
            }
        }

        return null;
    }
}

/// <summary>A duration that must be more than zero (an interval, a time to live).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveDurationAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not TimeSpan t || t > TimeSpan.Zero;
}

/// <summary>A path that, when set, must name an existing file.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExistingFileAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string { Length: > 0 } path || File.Exists(path);
}
