using MudBlazor;

namespace Parcours.Server.Components.Layout;

/// <summary>One calm palette: a deep teal for action, amber for attention, red for risk.</summary>
public static class ParcoursTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0f766e",
            Secondary = "#4f46e5",
            Warning = "#b45309",
            Error = "#b91c1c",
            Success = "#15803d",
            AppbarBackground = "#ffffff",
            AppbarText = "#0f172a",
            Background = "#f8fafc",
            DrawerBackground = "#ffffff",
            TextPrimary = "#0f172a",
            TextSecondary = "#475569",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
