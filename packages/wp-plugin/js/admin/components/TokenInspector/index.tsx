import { Button, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, errorMessage } from '../../api';
import { ErrorNotice } from '../ErrorNotice';

function decodePart(part: string | undefined): unknown {
  const base64 = (part ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Mints a token as a page of this user would (optionally asking for more channels) and shows
 * its header and claims. The signature cannot be checked here: the browser never holds the
 * secret.
 */
export function TokenInspector() {
  const [channels, setChannels] = useState('');
  const [decoded, setDecoded] = useState<{ header: unknown; claims: unknown } | null>(null);
  const [error, setError] = useState('');

  const inspect = async () => {
    setError('');
    try {
      const wanted = channels.split(/[\s,]+/).filter((name) => name !== '');
      const { token } = await api.token(wanted);
      const [header, claims] = token.split('.');
      setDecoded({ header: decodePart(header), claims: decodePart(claims) });
    } catch (failure) {
      setDecoded(null);
      setError(errorMessage(failure));
    }
  };

  const exp = (decoded?.claims as { exp?: number } | undefined)?.exp;

  return (
    <div className="wordsocket-fields">
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Extra channels (optional)', 'wordsocket')}
        value={channels}
        onChange={setChannels}
      />
      <div>
        <Button variant="secondary" onClick={inspect}>
          {__('Mint and inspect a token', 'wordsocket')}
        </Button>
      </div>
      <ErrorNotice message={error} />
      {decoded ? (
        <>
          {exp ? (
            <p>
              {sprintf(
                /* translators: %s: time of day */
                __('Expires at %s.', 'wordsocket'),
                new Date(exp * 1000).toLocaleTimeString(),
              )}
            </p>
          ) : null}
          <pre className="wordsocket-code wordsocket-token">{JSON.stringify(decoded, null, 2)}</pre>
        </>
      ) : null}
    </div>
  );
}
