import { Spinner, ToggleControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, errorMessage, type Settings, type SettingsChange } from '../../api';
import { ErrorNotice } from '../ErrorNotice';
import { Section } from '../Section';

function explain(status: Settings['collaboration_status']): string {
  switch (status) {
    case 'active':
      return __('The block editor syncs edits and presence through the relay.', 'wordsocket');
    case 'not_connected':
      return __('Connect the site to a relay to use collaboration.', 'wordsocket');
    case 'no_engine':
      return __(
        'This WordPress has no block-editor sync engine, so there is nothing to switch on.',
        'wordsocket',
      );
    default:
      return __('The editor keeps whatever collaboration it has without WordSocket.', 'wordsocket');
  }
}

function explainRelayBlind(on: boolean): string {
  return on
    ? __(
        'Edits and presence are encrypted in the browser with a key per post; the relay forwards bytes it cannot read, so relay-side logs and tools cannot read documents either.',
        'wordsocket',
      )
    : __(
        'Edits and presence cross the relay unencrypted: whoever runs the relay can read drafts.',
        'wordsocket',
      );
}

/** The collaboration switches. */
export function SettingsPanel() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api
      .settings()
      .then(setSettings)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);

  const save = async (change: SettingsChange) => {
    setSaving(true);
    setError('');
    try {
      setSettings(await api.saveSettings(change));
    } catch (failure) {
      setError(errorMessage(failure));
    }
    setSaving(false);
  };

  return (
    <Section title={__('Collaboration', 'wordsocket')}>
      <ErrorNotice message={error} />
      {settings ? (
        <>
          <ToggleControl
            __nextHasNoMarginBottom
            label={__('Real-time collaboration in the block editor', 'wordsocket')}
            checked={settings.collaboration}
            disabled={saving}
            onChange={(collaboration) => save({ collaboration })}
          />
          <p className="description">{explain(settings.collaboration_status)}</p>
          <ToggleControl
            __nextHasNoMarginBottom
            label={__('Relay-blind: encrypt collaboration end to end', 'wordsocket')}
            checked={settings.relay_blind}
            disabled={saving || !settings.collaboration}
            onChange={(relayBlind) => save({ relay_blind: relayBlind })}
          />
          <p className="description">{explainRelayBlind(settings.relay_blind)}</p>
        </>
      ) : (
        <Spinner />
      )}
    </Section>
  );
}
