import type { Site } from '@wordsocket/server-core';
import { html, type SafeHtml } from '../http/html.js';
import type { ConnectRequest } from './connect-request.js';
import { layout } from './layout.js';

/** The login form. `next` is where to go afterwards (a local path). */
export function loginPage(options: { loginToken: string; next: string; problem?: string }) {
  return layout(
    { title: 'Operator login' },
    html`<h1>Operator login</h1>
<p class="muted">Enter the operator API key this server printed on its first start, or the
value of <code>WORDSOCKET_ADMIN_KEY</code>.</p>
${options.problem ? html`<div class="card error" role="alert">${options.problem}</div>` : null}
<form method="post" action="/dashboard/login">
  <input type="hidden" name="login_token" value="${options.loginToken}">
  <input type="hidden" name="next" value="${options.next}">
  <label for="key">Operator API key</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
  <div class="actions"><button class="primary" type="submit">Log in</button></div>
</form>`,
  );
}

/** The one-click connect authorize page (docs/protocol.md §9). */
export function authorizePage(request: ConnectRequest, csrfToken: string): SafeHtml {
  const callbackHost = new URL(request.callback_url).host;
  const siteHost = new URL(request.site_url).host;
  const values: [string, string][] = [
    ...(Object.entries(request) as [string, string][]),
    ['code_challenge_method', 'S256'],
  ];
  const fields = values.map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );

  return layout(
    { title: 'Connect a site', csrfToken },
    html`<h1>Connect a WordPress site</h1>
<div class="card">
  <table>
    <tr><th>Site</th><td>${request.site_name}</td></tr>
    <tr><th>Site URL</th><td><code>${request.site_url}</code></td></tr>
    <tr><th>Sends you back to</th><td><code>${request.callback_url}</code></td></tr>
  </table>
</div>
${
  callbackHost === siteHost
    ? null
    : html`<div class="card error" role="alert">The callback host <code>${callbackHost}</code>
  differs from the site's host <code>${siteHost}</code>. Approve only if you expected that.</div>`
}
<p>Approving registers this site on this relay and hands its credentials to that address,
once, through a short-lived code.</p>
<form method="post" action="/dashboard/connect">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  ${fields}
  <div class="actions">
    <button class="primary" type="submit" name="decision" value="approve">Approve</button>
    <button type="submit" name="decision" value="deny">Deny</button>
  </div>
</form>`,
  );
}

/** A page that explains why a request cannot go on. */
export function problemPage(title: string, problem: string, csrfToken?: string): SafeHtml {
  return layout(
    { title, csrfToken },
    html`<h1>${title}</h1><div class="card error" role="alert">${problem}</div>`,
  );
}

/** The operator's list of sites, with a remove button each and a register form. */
export function sitesPage(sites: Site[], csrfToken: string): SafeHtml {
  const rows = sites.map(
    (site) => html`<tr>
  <td>${site.site_name}<br><code class="muted">${site.site_url}</code></td>
  <td><code>${site.site_key.slice(0, 12)}…</code></td>
  <td>${new Date(site.created_at).toISOString().slice(0, 10)}</td>
  <td><form class="inline" method="post" action="/dashboard/sites/remove">
    <input type="hidden" name="csrf_token" value="${csrfToken}">
    <input type="hidden" name="site_key" value="${site.site_key}">
    <button type="submit">Remove</button>
  </form></td>
</tr>`,
  );

  return layout(
    { title: 'Sites', csrfToken },
    html`<h1>Sites</h1>
${
  sites.length === 0
    ? html`<p class="muted">No site is registered yet.</p>`
    : html`<table><tr><th>Site</th><th>Key</th><th>Added</th><th></th></tr>${rows}</table>`
}
<h2>Register a site</h2>
<form method="post" action="/dashboard/sites">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  <label for="site_url">Site URL</label>
  <input id="site_url" name="site_url" type="url" required placeholder="https://example.com">
  <label for="site_name">Name</label>
  <input id="site_name" name="site_name" type="text" required maxlength="200">
  <div class="actions"><button class="primary" type="submit">Register</button></div>
</form>`,
  );
}

/** The credentials of a site just registered from the dashboard, shown this once. */
export function credentialsPage(site: Site, csrfToken: string): SafeHtml {
  return layout(
    { title: 'Site registered', csrfToken },
    html`<h1>${site.site_name} is registered</h1>
<p>Copy these into the site's WordSocket settings now; this page is the only time the secrets
are shown.</p>
<pre>site_key=${site.site_key}
publish_secret=${site.publish_secret}
jwt_secret=${site.jwt_secret}</pre>
<p><a href="/dashboard">Back to the sites</a></p>`,
  );
}
