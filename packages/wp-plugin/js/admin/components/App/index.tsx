import { TabPanel } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { ConnectionPanel } from '../ConnectionPanel';
import { Explorer } from '../Explorer';
import { SettingsPanel } from '../SettingsPanel';
import { TriggersPanel } from '../TriggersPanel';

const tabs = [
  { name: 'connection', title: __('Connection', 'wordsocket') },
  { name: 'triggers', title: __('Triggers', 'wordsocket') },
  { name: 'settings', title: __('Settings', 'wordsocket') },
  { name: 'explorer', title: __('Explorer', 'wordsocket') },
];

const initialTab = tabs.some((tab) => `#${tab.name}` === window.location.hash)
  ? window.location.hash.slice(1)
  : 'connection';

function render(name: string) {
  switch (name) {
    case 'triggers':
      return <TriggersPanel />;
    case 'settings':
      return <SettingsPanel />;
    case 'explorer':
      return <Explorer />;
    default:
      return <ConnectionPanel />;
  }
}

/** The four screens of the admin app, as tabs; the URL's hash selects one (`#explorer`). */
export function App() {
  return (
    <TabPanel
      className="wordsocket-tabs"
      tabs={tabs}
      initialTabName={initialTab}
      onSelect={(name: string) => window.history.replaceState(null, '', `#${name}`)}
    >
      {(tab) => <div className="wordsocket-screen">{render(tab.name)}</div>}
    </TabPanel>
  );
}
