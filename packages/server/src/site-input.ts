import { ServerError } from './errors.js';

/** What an operator gives to register a site. */
export interface SiteInput {
  site_url: string;
  site_name: string;
}

/**
 * Checks a site's URL (absolute http or https, at most 2,048 characters) and name (1 to 200
 * characters after trimming) and returns them normalised.
 *
 * @throws {ServerError} `invalid_value` saying which one is wrong.
 */
export function validateSiteInput(input: { site_url?: unknown; site_name?: unknown }): SiteInput {
  const url = typeof input.site_url === 'string' ? input.site_url.trim() : '';
  if (!isHttpUrl(url)) {
    throw new ServerError(
      'invalid_value',
      'the site URL must be an absolute http:// or https:// URL',
    );
  }

  const name = typeof input.site_name === 'string' ? input.site_name.trim() : '';
  if (name.length === 0 || name.length > 200 || /\p{Cc}/u.test(name)) {
    throw new ServerError(
      'invalid_value',
      'the site name must be 1 to 200 characters without control characters',
    );
  }

  return { site_url: url, site_name: name };
}

/** Whether `text` is an absolute http(s) URL of at most 2,048 characters. */
export function isHttpUrl(text: string): boolean {
  if (text.length === 0 || text.length > 2048) return false;

  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
