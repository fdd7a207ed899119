import { Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, type ConnectionStatus, errorMessage, type Overview } from '../../api';
import { ErrorNotice } from '../ErrorNotice';
import { EventLog } from '../EventLog';
import { HealthCheck } from '../HealthCheck';
import { PublishForm } from '../PublishForm';
import { Section } from '../Section';
import { TokenInspector } from '../TokenInspector';

/**
 * Everything about the running connection in one place: the relay and site, the registered
 * triggers and grants, the live log, a publish form and the token inspector.
 */
export function Explorer() {
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([api.connection(), api.overview()])
      .then(([connection, registered]) => {
        setStatus(connection);
        setOverview(registered);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);

  if (error) return <ErrorNotice message={error} />;
  if (!status || !overview) return <Spinner />;

  return (
    <>
      <Section title={__('Relay', 'wordsocket')}>
        <table className="wordsocket-table">
          <tbody>
            <tr>
              <th>{__('Relay URL', 'wordsocket')}</th>
              <td>
                <code>{status.relay_url || '—'}</code>
              </td>
            </tr>
            <tr>
              <th>{__('Site key', 'wordsocket')}</th>
              <td>
                <code>{status.site_key || '—'}</code>
              </td>
            </tr>
            <tr>
              <th>{__('Site ID', 'wordsocket')}</th>
              <td>
                <code>{status.site_id || '—'}</code>
              </td>
            </tr>
            <tr>
              <th>{__('Encryption', 'wordsocket')}</th>
              <td>{`v${status.encryption}`}</td>
            </tr>
          </tbody>
        </table>
        {status.connected ? <HealthCheck /> : null}
      </Section>
      <Section title={__('Registered triggers', 'wordsocket')}>
        <table className="wordsocket-table wordsocket-triggers">
          <thead>
            <tr>
              <th>{__('Event', 'wordsocket')}</th>
              <th>{__('Channel', 'wordsocket')}</th>
              <th>{__('Hooks (priority, arguments)', 'wordsocket')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.triggers.map((trigger, index) => (
              <tr key={`${trigger.event}/${index}`}>
                <td>
                  <code>{trigger.event}</code>
                </td>
                <td>
                  <code>{trigger.channel}</code>
                </td>
                <td>
                  {trigger.hooks.map((hook) => (
                    <div key={`${hook.hook}/${hook.priority}`}>
                      <code>{hook.hook}</code> ({hook.priority}, {hook.args})
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={__('Channel grants', 'wordsocket')}>
        <table className="wordsocket-table">
          <thead>
            <tr>
              <th>{__('Prefix', 'wordsocket')}</th>
              <th>{__('Read', 'wordsocket')}</th>
              <th>{__('Publish from browsers', 'wordsocket')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.grants.map((grant) => (
              <tr key={grant.prefix}>
                <td>
                  <code>{grant.prefix}</code>
                </td>
                <td>{grant.read}</td>
                <td>{grant.publish}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={__('Live events', 'wordsocket')}>
        <EventLog />
      </Section>
      <Section title={__('Publish a test event', 'wordsocket')}>
        <PublishForm />
      </Section>
      <Section title={__('Token inspector', 'wordsocket')}>
        <TokenInspector />
      </Section>
    </>
  );
}
