import { Button, Notice, TextareaControl, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, errorMessage } from '../../api';

/** Publishes a test event from WordPress, encrypted and signed like a trigger's. */
export function PublishForm() {
  const [channel, setChannel] = useState('posts');
  const [event, setEvent] = useState('explorer.test');
  const [data, setData] = useState('{\n  "hello": "world"\n}');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    let parsed: unknown;
    try {
      parsed = data.trim() === '' ? null : JSON.parse(data);
    } catch {
      setResult({ ok: false, text: __('The data is not valid JSON.', 'wordsocket') });
      return;
    }

    setBusy(true);
    try {
      await api.publish(channel, event, parsed);
      setResult({ ok: true, text: __('Queued; it is sent after this request.', 'wordsocket') });
    } catch (failure) {
      setResult({ ok: false, text: errorMessage(failure) });
    }
    setBusy(false);
  };

  return (
    <form
      className="wordsocket-fields"
      onSubmit={(submitted) => {
        submitted.preventDefault();
        publish();
      }}
    >
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Channel', 'wordsocket')}
        value={channel}
        onChange={setChannel}
      />
      <TextControl
        __nextHasNoMarginBottom
        __next40pxDefaultSize
        label={__('Event', 'wordsocket')}
        value={event}
        onChange={setEvent}
      />
      <TextareaControl
        __nextHasNoMarginBottom
        label={__('Data (JSON)', 'wordsocket')}
        value={data}
        rows={5}
        onChange={setData}
      />
      <div>
        <Button variant="primary" type="submit" isBusy={busy} disabled={busy || channel === ''}>
          {__('Publish', 'wordsocket')}
        </Button>
      </div>
      {result ? (
        <Notice status={result.ok ? 'success' : 'error'} isDismissible={false}>
          {result.text}
        </Notice>
      ) : null}
    </form>
  );
}
