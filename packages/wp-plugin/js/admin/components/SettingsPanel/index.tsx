import { Spinner, ToggleControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, errorMessage, type Settings } from '../../api';
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

/** The collaboration switch. */
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

  const toggle = async (collaboration: boolean) => {
    setSaving(true);
    setError('');
    try {
      setSettings(await api.saveSettings(collaboration));
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
            onChange={toggle}
          />
          <p className="description">{explain(settings.collaboration_status)}</p>
        </>
      ) : (
        <Spinner />
      )}
    </Section>
  );
}
