import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, errorMessage, type Health } from '../../api';
import { ErrorNotice } from '../ErrorNotice';

/** Asks the relay's `/healthz` through WordPress, which is what publishing depends on. */
export function HealthCheck() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError('');
    try {
      setHealth(await api.health());
    } catch (failure) {
      setError(errorMessage(failure));
    }
    setBusy(false);
  };

  let result = null;
  if (error) {
    result = <ErrorNotice message={error} />;
  } else if (health) {
    result = (
      <Notice status={health.ok ? 'success' : 'error'} isDismissible={false}>
        {health.ok
          ? /* translators: %d: milliseconds */
            sprintf(__('The relay answered in %d ms.', 'wordsocket'), health.ms)
          : sprintf(
              /* translators: 1: HTTP status, 2: error message */
              __('The relay did not answer as expected (HTTP %1$d) %2$s', 'wordsocket'),
              health.status,
              health.message,
            )}
      </Notice>
    );
  }

  return (
    <div className="wordsocket-fields">
      <div>
        <Button variant="secondary" onClick={check} isBusy={busy} disabled={busy}>
          {__('Check health', 'wordsocket')}
        </Button>
      </div>
      {result}
    </div>
  );
}
