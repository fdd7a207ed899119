import { layout } from '../dashboard/layout.js';
import { html, type SafeHtml } from '../http/html.js';
import { DEMO_PREFIX } from './token.js';

/** The demo for a visitor who is not logged in: what it does, and a way to log in. */
export function anonymousDemoPage(): SafeHtml {
  return layout(
    { title: 'Demo' },
    html`<h1>See the relay work</h1>
<p>This page watches a channel of a demo site and publishes test events to it, through this
relay, over a real WebSocket.</p>
<p>It needs the operator to be logged in, because it registers the demo site and mints a
short-lived token for it on the server. Nothing secret is ever sent to this page.</p>
<div class="actions"><a href="/dashboard/login?next=%2Fdemo"><button class="primary">Operator login</button></a></div>`,
  );
}

/** The live demo: a channel to watch, a log, and two ways to publish. */
export function demoPage(csrfToken: string): SafeHtml {
  return layout(
    {
      title: 'Demo',
      csrfToken,
      head: html`<meta name="wordsocket-csrf" content="${csrfToken}">
<script src="/assets/demo.js" defer></script>`,
    },
    html`<h1>Demo <span id="status" class="status">connecting</span></h1>
<p class="muted">Open this page in a second tab: what one tab publishes, both receive.</p>
<label for="channel">Channel (must start with <code>${DEMO_PREFIX}</code>)</label>
<input id="channel" type="text" value="${DEMO_PREFIX}events" maxlength="200">
<label for="text">Message</label>
<input id="text" type="text" value="Hello from the demo" maxlength="500">
<div class="actions">
  <button id="publish-client" class="primary" type="button">Publish from this browser</button>
  <button id="publish-server" type="button">Publish as WordPress would</button>
</div>
<h2>Received</h2>
<div id="log" class="card" aria-live="polite"></div>`,
  );
}
