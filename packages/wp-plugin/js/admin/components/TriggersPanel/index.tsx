import { Button, Spinner } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, errorMessage, type TriggerRow } from '../../api';
import { ErrorNotice } from '../ErrorNotice';
import { Section } from '../Section';
import { TriggerForm } from '../TriggerForm';

const blank: TriggerRow = {
  type: 'hook',
  target: '',
  priority: 10,
  args: [1],
  channel: '',
  event: '',
  read: 'manage_options',
  enabled: true,
};

function describeTarget(row: TriggerRow): string {
  if (row.type === 'hook') return `${row.target} (${row.priority}; ${row.args.join(', ') || '-'})`;
  return row.target;
}

/** The custom trigger builder: the stored rows, and a form to add or change one. */
export function TriggersPanel() {
  const [rows, setRows] = useState<TriggerRow[] | null>(null);
  const [editing, setEditing] = useState<TriggerRow | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api
      .triggers()
      .then(setRows)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);
  useEffect(load, []);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await action();
      setEditing(null);
      load();
    } catch (failure) {
      setError(errorMessage(failure));
    }
    setBusy(false);
  };

  const save = (row: TriggerRow) =>
    act(() => (row.id ? api.updateTrigger(row.id, row) : api.createTrigger(row)));

  return (
    <>
      <ErrorNotice message={error} />
      <Section title={__('Custom triggers', 'wordsocket')}>
        {rows === null ? (
          <Spinner />
        ) : rows.length === 0 ? (
          <p>{__('No custom triggers yet.', 'wordsocket')}</p>
        ) : (
          <table className="wordsocket-table">
            <thead>
              <tr>
                <th>{__('Fires on', 'wordsocket')}</th>
                <th>{__('Target', 'wordsocket')}</th>
                <th>{__('Channel', 'wordsocket')}</th>
                <th>{__('Event', 'wordsocket')}</th>
                <th>{__('Readers', 'wordsocket')}</th>
                <th>{__('Enabled', 'wordsocket')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.type}</td>
                  <td>
                    <code>{describeTarget(row)}</code>
                  </td>
                  <td>
                    <code>{row.channel}</code>
                  </td>
                  <td>
                    <code>{row.event}</code>
                  </td>
                  <td>{row.read}</td>
                  <td>{row.enabled ? __('yes', 'wordsocket') : __('no', 'wordsocket')}</td>
                  <td className="wordsocket-row-actions">
                    <Button variant="link" onClick={() => setEditing(row)}>
                      {__('Edit', 'wordsocket')}
                    </Button>
                    <Button
                      variant="link"
                      isDestructive
                      disabled={busy}
                      onClick={() => act(() => api.deleteTrigger(row.id as string))}
                    >
                      {__('Delete', 'wordsocket')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editing ? null : (
          <p>
            <Button variant="secondary" onClick={() => setEditing(blank)}>
              {__('Add trigger', 'wordsocket')}
            </Button>
          </p>
        )}
      </Section>
      {editing ? (
        <Section
          title={editing.id ? __('Edit trigger', 'wordsocket') : __('New trigger', 'wordsocket')}
        >
          <TriggerForm
            key={editing.id ?? 'new'}
            initial={editing}
            busy={busy}
            onSave={save}
            onCancel={() => setEditing(null)}
          />
        </Section>
      ) : null}
    </>
  );
}
