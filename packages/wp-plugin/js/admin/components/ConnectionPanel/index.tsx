import {
  Button,
  __experimentalConfirmDialog as ConfirmDialog,
  Notice,
  Spinner,
  TextControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, type ConnectionStatus, errorMessage } from '../../api';
import { ErrorNotice } from '../ErrorNotice';
import { Section } from '../Section';

/**
 * Connects the site to a relay (automatic: authorize on the relay's page; manual: an operator
 * API key), or shows the connection and disconnects it after a confirmation.
 */
export function ConnectionPanel() {
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [relayUrl, setRelayUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    api
      .connection()
      .then((answer) => {
        setStatus(answer);
        setRelayUrl(answer.relay_url);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  // The page's client was configured when it loaded: reload so it matches the new connection.
  const reload = async () => {
    window.location.reload();
  };

  if (!status) return error ? <ErrorNotice message={error} /> : <Spinner />;

  const notice = <ErrorNotice message={error} />;

  if (status.connected) {
    return (
      <Section title={__('Connected', 'wordsocket')}>
        {notice}
        <p>
          {sprintf(
            /* translators: %s: relay URL */
            __('This site publishes to %s.', 'wordsocket'),
            status.relay_url,
          )}
        </p>
        <p>
          {__('Site key:', 'wordsocket')} <code>{status.site_key}</code>
        </p>
        {status.constants ? (
          <Notice status="info" isDismissible={false}>
            {__('The credentials are set by constants in wp-config.php.', 'wordsocket')}
          </Notice>
        ) : (
          <Button
            variant="secondary"
            isDestructive
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {__('Disconnect', 'wordsocket')}
          </Button>
        )}
        <ConfirmDialog
          isOpen={confirming}
          confirmButtonText={__('Disconnect', 'wordsocket')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run(async () => {
              await api.disconnect();
              await reload();
            });
          }}
        >
          {__(
            'Disconnect this site from the relay? Browsers stop receiving events until it is connected again.',
            'wordsocket',
          )}
        </ConfirmDialog>
      </Section>
    );
  }

  return (
    <>
      {notice}
      <Section title={__('Connect automatically', 'wordsocket')}>
        <div className="wordsocket-fields">
          <p>
            {__(
              'You will authorize this site on the relay’s page and come back here connected.',
              'wordsocket',
            )}
          </p>
          <TextControl
            __nextHasNoMarginBottom
            __next40pxDefaultSize
            label={__('Relay URL', 'wordsocket')}
            type="url"
            value={relayUrl}
            onChange={setRelayUrl}
          />
          <div>
            <Button
              variant="primary"
              disabled={busy || relayUrl === ''}
              onClick={() =>
                run(async () => {
                  const { authorize_url } = await api.connectStart(relayUrl);
                  window.location.assign(authorize_url);
                })
              }
            >
              {__('Connect', 'wordsocket')}
            </Button>
          </div>
        </div>
      </Section>
      <Section title={__('Connect with an API key', 'wordsocket')}>
        <div className="wordsocket-fields">
          <TextControl
            __nextHasNoMarginBottom
            __next40pxDefaultSize
            label={__('Relay URL', 'wordsocket')}
            type="url"
            value={relayUrl}
            onChange={setRelayUrl}
          />
          <TextControl
            __nextHasNoMarginBottom
            __next40pxDefaultSize
            label={__('Operator API key', 'wordsocket')}
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={setApiKey}
          />
          <div>
            <Button
              variant="secondary"
              disabled={busy || relayUrl === '' || apiKey === ''}
              onClick={() =>
                run(async () => {
                  await api.connectManual(relayUrl, apiKey);
                  await reload();
                })
              }
            >
              {__('Connect with key', 'wordsocket')}
            </Button>
          </div>
        </div>
      </Section>
    </>
  );
}
