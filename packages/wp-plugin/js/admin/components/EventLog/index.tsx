import { Button, Notice, TextControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Message, StateChange } from '@wordsocket/client';

import WPS from '@wordsocket/wp-plugin/wps';
import { ErrorNotice } from '../ErrorNotice';

const LIMIT = 100;

interface Entry extends Message {
  at: string;
}

/**
 * The live event log: every message this page's connection receives, after decryption, newest
 * first. Channels beyond the ones the page subscribed to at load can be added.
 */
export function EventLog() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [state, setState] = useState(WPS.state());
  const [transport, setTransport] = useState(WPS.transport());
  const [channel, setChannel] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    const offMessage = WPS.onMessage((message) => {
      const at = new Date().toLocaleTimeString();
      setEntries((current) => [{ ...message, at }, ...current].slice(0, LIMIT));
    });
    const offState = WPS.onStateChange((change: StateChange) => {
      setState(change.state);
      setTransport(change.transport ?? null);
    });
    return () => {
      offMessage();
      offState();
    };
  }, []);

  if (!WPS.connection.configured) {
    return (
      <Notice status="warning" isDismissible={false}>
        {__('Connect the site to a relay to watch its events.', 'wordsocket')}
      </Notice>
    );
  }

  const subscribe = async () => {
    setError('');
    try {
      await WPS.subscribe(channel.trim());
      setChannel('');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <div className="wordsocket-fields wordsocket-log-wrap">
      <p className="wordsocket-log-state">
        {transport
          ? /* translators: 1: connection state, 2: transport (websocket or sse) */
            sprintf(__('Connection: %1$s over %2$s', 'wordsocket'), state, transport)
          : /* translators: %s: connection state */
            sprintf(__('Connection: %s', 'wordsocket'), state)}
      </p>
      <form
        className="wordsocket-row-actions"
        onSubmit={(event) => {
          event.preventDefault();
          subscribe();
        }}
      >
        <TextControl
          __nextHasNoMarginBottom
          __next40pxDefaultSize
          label={__('Watch another channel', 'wordsocket')}
          value={channel}
          onChange={setChannel}
        />
        <Button variant="secondary" type="submit" disabled={channel.trim() === ''}>
          {__('Watch', 'wordsocket')}
        </Button>
      </form>
      <ErrorNotice message={error} />
      <div className="wordsocket-log">
        {entries.length === 0 ? (
          <p>{__('No events yet.', 'wordsocket')}</p>
        ) : (
          <table className="wordsocket-table">
            <thead>
              <tr>
                <th>{__('Time', 'wordsocket')}</th>
                <th>{__('Channel', 'wordsocket')}</th>
                <th>{__('Event', 'wordsocket')}</th>
                <th>{__('Data', 'wordsocket')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr
                  key={`${entry.channel}/${entry.id ?? entry.at}`}
                  className="wordsocket-log-entry"
                >
                  <td>{entry.at}</td>
                  <td>
                    <code>{entry.channel}</code>
                  </td>
                  <td>
                    <code>{entry.event}</code>
                    <br />
                    {entry.encryption > 0
                      ? /* translators: %d: envelope version */
                        sprintf(__('decrypted (v%d)', 'wordsocket'), entry.encryption)
                      : __('plain', 'wordsocket')}
                  </td>
                  <td>
                    <pre className="wordsocket-code">{JSON.stringify(entry.data, null, 2)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
