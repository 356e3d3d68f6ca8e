using System.Text.Json;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Tests.Teams;

/// <summary>
/// A structural check of an Adaptive Card against the 1.5 schema, element type by element type, for the elements and
/// properties Momentum uses: the properties each type allows and requires, their JSON types and enumerations. (The
/// official schema file is not in any package this build can restore; see the report.)
/// </summary>
public static partial class AdaptiveCardShape
{
    private static readonly string[] Spacings = ["None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"];

    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["weight"] = ["Default", "Lighter", "Bolder"],
        ["size"] = ["Default", "Small", "Medium", "Large", "ExtraLarge"],
        ["color"] = ["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"],
        ["fontType"] = ["Default", "Monospace"],
        ["spacing"] = Spacings,
    };

    /// <summary>Element type → (allowed properties, required properties).</summary>
    private static readonly Dictionary<string, (string[] Allowed, string[] Required)> Elements = new(StringComparer.Ordinal)
    {
        ["TextBlock"] = (["type", "text", "wrap", "weight", "size", "color", "isSubtle", "spacing", "fontType", "maxLines", "separator", "horizontalAlignment"], ["type", "text"]),
        ["FactSet"] = (["type", "facts", "spacing", "separator"], ["type", "facts"]),
        ["ColumnSet"] = (["type", "columns", "spacing", "separator"], ["type"]),
        ["Container"] = (["type", "items", "spacing", "separator", "style"], ["type", "items"]),
        ["Input.ChoiceSet"] = (["type", "id", "style", "placeholder", "choices", "isMultiSelect", "value", "label", "spacing"], ["type", "id"]),
    };

    public static void AssertValid(JsonElement card)
    {
        Properties(card, "AdaptiveCard", ["type", "$schema", "version", "body", "actions", "fallbackText", "msteams"], ["type", "version"]);
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in card.GetProperty("body").EnumerateArray())
        {
            Element(element, ids);
        }

        if (card.TryGetProperty("actions", out var actions))
        {
            Assert.InRange(actions.GetArrayLength(), 1, 6);
            foreach (var action in actions.EnumerateArray())
            {
                Action(action, fallback: false);
            }
        }
    }

    private static void Element(JsonElement element, HashSet<string> ids)
    {
        var type = element.GetProperty("type").GetString()!;
        Assert.True(Elements.TryGetValue(type, out var shape), $"'{type}' is not an element Momentum should render");
        Properties(element, type, shape.Allowed, shape.Required);
        switch (type)
        {
            case "TextBlock":
                Assert.Equal(JsonValueKind.String, element.GetProperty("text").ValueKind);
                Assert.NotEmpty(element.GetProperty("text").GetString()!);
                Bools(element, "wrap", "isSubtle", "separator");
                break;
            case "FactSet":
                Assert.NotEqual(0, element.GetProperty("facts").GetArrayLength());
                foreach (var fact in element.GetProperty("facts").EnumerateArray())
                {
                    Properties(fact, "Fact", ["title", "value"], ["title", "value"]);
                    Assert.Equal(JsonValueKind.String, fact.GetProperty("title").ValueKind);
                    Assert.Equal(JsonValueKind.String, fact.GetProperty("value").ValueKind);
                }

                break;
            case "ColumnSet":
                foreach (var column in element.GetProperty("columns").EnumerateArray())
                {
                    Properties(column, "Column", ["type", "width", "items", "spacing", "verticalContentAlignment"], []);
                    Assert.Equal("Column", column.GetProperty("type").GetString());
                    var width = column.GetProperty("width");
                    Assert.True(width.ValueKind == JsonValueKind.Number || width.GetString() is "auto" or "stretch" || Pixels().IsMatch(width.GetString()!), $"column width {width}");
                    foreach (var item in column.GetProperty("items").EnumerateArray())
                    {
                        Element(item, ids);
                    }
                }

                break;
            case "Container":
                foreach (var item in element.GetProperty("items").EnumerateArray())
                {
                    Element(item, ids);
                }

                break;
            case "Input.ChoiceSet":
                Assert.True(ids.Add(element.GetProperty("id").GetString()!), "input ids are unique");
                Assert.Contains(element.GetProperty("style").GetString(), new[] { "compact", "expanded", "filtered" });
                foreach (var choice in element.GetProperty("choices").EnumerateArray())
                {
                    Properties(choice, "Input.Choice", ["title", "value"], ["title", "value"]);
                }

                break;
        }
    }

    private static void Action(JsonElement action, bool fallback)
    {
        var type = action.GetProperty("type").GetString()!;
        if (type == "Action.Execute" && !fallback)
        {
            // Universal Actions: Action.Execute (1.4+), with an Action.Submit for clients without them.
            Properties(action, type, ["type", "title", "verb", "data", "fallback", "style", "id", "associatedInputs"], ["type", "verb"]);
            Assert.Equal(JsonValueKind.Object, action.GetProperty("data").ValueKind);
            var fallbackAction = action.GetProperty("fallback");
            Assert.Equal("Action.Submit", fallbackAction.GetProperty("type").GetString());
            Action(fallbackAction, fallback: true);
            Assert.Equal(action.GetProperty("title").GetString(), fallbackAction.GetProperty("title").GetString());
        }
        else
        {
            Assert.Equal("Action.Submit", type);
            Properties(action, type, ["type", "title", "data", "style", "id", "associatedInputs"], ["type"]);
            Assert.Equal(JsonValueKind.Object, action.GetProperty("data").ValueKind);
        }

        Assert.NotEmpty(action.GetProperty("title").GetString()!);
        if (action.TryGetProperty("style", out var style))
        {
            Assert.Contains(style.GetString(), new[] { "default", "positive", "destructive" });
        }
    }

    private static void Properties(JsonElement element, string type, string[] allowed, string[] required)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        foreach (var property in element.EnumerateObject())
        {
            Assert.True(allowed.Contains(property.Name), $"{type} has no property '{property.Name}'");
            if (Enums.TryGetValue(property.Name, out var values) && type != "Input.ChoiceSet")
            {
                Assert.True(values.Contains(property.Value.GetString()), $"{type}.{property.Name} = {property.Value}");
            }
        }

        foreach (var name in required)
        {
            Assert.True(element.TryGetProperty(name, out _), $"{type} needs '{name}'");
        }
    }

    private static void Bools(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value))
            {
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{name} is a boolean");
            }
        }
    }

    [GeneratedRegex("^[0-9]+px$")]
    private static partial Regex Pixels();
}
