/**
 * A minimal cookie-keeping HTTP client that does not follow redirects, standing in for the
 * operator's browser on the dashboard. Sends `Origin` on POST as browsers do.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  origin: string;

  constructor(base: string) {
    this.base = base;
    this.origin = base;
  }

  async get(path: string): Promise<Response> {
    return this.#send(path, { method: 'GET' });
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.#send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin },
      body: new URLSearchParams(form).toString(),
    });
  }

  async postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.#send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin, ...headers },
      body: JSON.stringify(body),
    });
  }

  /** Logs in with `key` through the login form; returns the final response. */
  async logIn(key: string): Promise<Response> {
    const page = await (await this.get('/dashboard/login')).text();
    return this.post('/dashboard/login', {
      key,
      login_token: hiddenField(page, 'login_token'),
      next: '/dashboard',
    });
  }

  /** The CSRF token of the operator's session, read from the sites page. */
  async csrfToken(): Promise<string> {
    return hiddenField(await (await this.get('/dashboard')).text(), 'csrf_token');
  }

  async #send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }

    const response = await fetch(new URL(path, this.base), {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair as string).split('=') as [string, string];
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** The value of a hidden input in a page, or throws when there is none. */
export function hiddenField(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no hidden field ${name} in the page`);
  return match[1] as string;
}

/** Every hidden input of a page, as a form body would carry them. */
export function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = decodeEntities(match[2] as string);
  }
  return fields;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
