namespace Momentum.Bot.Playground;

internal static class PlaygroundPage
{
    public static string Html(bool demo) => Template.Replace("{{demo}}", demo
        ? "<p class=\"demo\">Demo mode: projects <b>rocket</b>, <b>comet</b> and <b>nebula</b> are generated histories served by a built-in local GitHub. Try <code>rocket</code> or <code>compare rocket comet nebula</code>.</p>"
        : "<p>Try <code>cilium</code>, <code>compare cilium istio</code>, <code>owner/repo</code> or <code>help</code>. The first look at a project ingests its GitHub history.</p>", StringComparison.Ordinal);

    private const string Template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Momentum playground</title>
        <style>
          body { font: 15px/1.45 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d1c1d; }
          h1 { margin-bottom: .2rem; }
          .demo { background: #fff4d6; border: 1px solid #e8c66a; padding: .5rem .75rem; border-radius: 6px; }
          form { display: flex; gap: .5rem; align-items: center; margin: 1rem 0; }
          form label { font-family: ui-monospace, monospace; color: #555; }
          input[type=text] { flex: 1; font: inherit; padding: .5rem .6rem; border: 1px solid #bbb; border-radius: 6px; }
          button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #2b6cb0; background: #2b6cb0; color: #fff; cursor: pointer; }
          .actions button { background: #fff; color: #2b6cb0; margin-right: .4rem; }
          .card { border: 1px solid #ddd; border-left: 4px solid #2b6cb0; border-radius: 8px; padding: .8rem 1rem; }
          .card.tone-error { border-left-color: #c53030; }
          .card.tone-success { border-left-color: #2f855a; }
          .card h2 { font-size: 1.15rem; margin: 0 0 .2rem; }
          .subtitle, .notes { color: #616061; font-size: .85rem; }
          .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .4rem 1rem; }
          .facts dt { font-weight: 600; } .facts dd { margin: 0; }
          .series code { font-size: 1.1rem; letter-spacing: 1px; } .scale { color: #616061; } .chart { margin: .5rem 0; } .chart img { max-width: 100%; height: auto; border-radius: 4px; } .chart figcaption { color: #616061; font-size: .8rem; }
          .actions select { font: inherit; padding: .4rem; border-radius: 6px; }
          #feed-box { margin-top: 2rem; } #feed .card { margin-bottom: .8rem; }
          table { border-collapse: collapse; } th, td { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
          #status { color: #616061; min-height: 1.2rem; }
          pre { background: #f6f6f6; padding: .8rem; overflow: auto; font-size: .8rem; }
        </style>
        </head>
        <body>
        <header><h1>Momentum playground</h1>{{demo}}</header>
        <form id="ask"><label for="text">/momentum</label><input type="text" id="text" name="text" autocomplete="off" placeholder="cilium" autofocus><button type="submit">Run</button></form>
        <p id="status" role="status"></p>
        <div id="reply"></div>
        <p><label><input type="checkbox" id="toggle"> Block Kit JSON</label></p>
        <pre id="blocks" hidden></pre>
        <section id="feed-box"><h2>Channel feed</h2><p class="subtitle">Alerts and weekly summaries for this page's subscriptions (<code>watch rocket</code>, <code>subscribe …</code>) arrive here, newest first.</p><div id="feed"><p class="subtitle">Nothing posted yet.</p></div></section>
        <script>
        const statusLine = document.getElementById('status');
        const replyBox = document.getElementById('reply');
        const blocks = document.getElementById('blocks');
        document.getElementById('toggle').addEventListener('change', e => { blocks.hidden = !e.target.checked; });
        async function run(body) {
          statusLine.textContent = 'Working… (a project seen for the first time is ingested from GitHub first)';
          try {
            const response = await fetch('/playground/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
            const answer = await response.json();
            if (!response.ok) { statusLine.textContent = answer.detail || ('Error ' + response.status); return; }
            replyBox.innerHTML = answer.html;
            blocks.textContent = answer.blockKit;
            statusLine.textContent = '';
          } catch (error) {
            statusLine.textContent = 'The bot could not be reached: ' + error;
          }
        }
        document.getElementById('ask').addEventListener('submit', e => { e.preventDefault(); run({ text: document.getElementById('text').value }); });
        replyBox.addEventListener('change', e => {
          const menu = e.target.closest('select[data-action]');
          if (menu && menu.value) { run({ action: menu.dataset.action, value: menu.value }); }
        });
        const feed = document.getElementById('feed');
        async function loadFeed() {
          try {
            const response = await fetch('/playground/feed');
            if (!response.ok) { return; }
            const posts = await response.json();
            if (posts.length > 0) { feed.innerHTML = posts.map(p => p.html).join(''); }
          } catch (error) { /* the next poll tries again */ }
        }
        loadFeed();
        setInterval(loadFeed, 15000);
        replyBox.addEventListener('click', e => {
          const button = e.target.closest('button[data-action]');
          if (button) { run({ action: button.dataset.action, value: button.dataset.value }); }
        });
        </script>
        </body>
        </html>
        """;
}
