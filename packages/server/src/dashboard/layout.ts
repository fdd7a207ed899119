import { html, type SafeHtml } from '../http/html.js';

/** What the navigation shows: a logged-in operator gets the dashboard links and a logout. */
export interface LayoutOptions {
  title: string;
  /** The session's CSRF token when the operator is logged in. */
  csrfToken?: string | undefined;
  /** Extra elements for `<head>` (a script tag, a meta tag). */
  head?: SafeHtml;
}

/** Wraps page content in the shared document: stylesheet, navigation, no inline script. */
export function layout(options: LayoutOptions, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · WordSocket</title>
<link rel="stylesheet" href="/assets/wordsocket.css">
${options.head}
</head>
<body>
<main>
<nav>
  <strong>WordSocket</strong>
  <a href="/demo">Demo</a>
  ${options.csrfToken ? html`<a href="/dashboard">Sites</a>` : null}
  <span class="spacer"></span>
  ${
    options.csrfToken
      ? html`<form class="inline" method="post" action="/dashboard/logout">
    <input type="hidden" name="csrf_token" value="${options.csrfToken}">
    <button type="submit">Log out</button>
  </form>`
      : html`<a href="/dashboard/login">Operator login</a>`
  }
</nav>
${content}
</main>
</body>
</html>
`;
}
