using System.Text.Encodings.Web;

namespace Parcours.Server.Features.Ingestion;

/// <summary>
/// The &lt;script&gt; a customer pastes into their pages: a stub that records calls made before /js/parcours.js has
/// arrived (the script replays them), loads the script from this server, and sends the first page view.
/// </summary>
public static class BrowserSnippet
{
    public const string Placeholder = "YOUR_WRITE_KEY";

    /// <param name="server">This server's public base address, e.g. <c>https://parcours.example.com/</c>.</param>
    /// <param name="writeKey">The write key; JavaScript-escaped, so any text is safe inside the script.</param>
    public static string Html(string server, string writeKey)
    {
        var host = JavaScriptEncoder.Default.Encode(server.TrimEnd('/'));
        var key = JavaScriptEncoder.Default.Encode(writeKey);
        return $$"""
            <script>
            (() => {
              const p = (window.parcours = window.parcours || []);
              if (p.loaded || p.stubbed) return;
              p.stubbed = true;
              for (const m of ["load", "page", "identify", "track", "group", "alias", "reset"])
                p[m] = (...args) => (p.push([m, ...args]), p);
              const s = document.createElement("script");
              s.async = true;
              s.src = "{{host}}/js/parcours.js";
              document.head.append(s);
              p.load("{{key}}", { host: "{{host}}" });
              p.page();
            })();
            </script>
            """;
    }

    /// <summary>One event with curl, to check a key from a terminal.</summary>
    public static string Curl(string server, string writeKey) =>
        $$"""curl -u {{writeKey}}: -H "Content-Type: application/json" -d '{"userId":"u-1","event":"Signed In"}' {{server.TrimEnd('/')}}/v1/track""";
}
