import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale, translate } from '../i18n';
import { describeProblem, type Problem } from '../problem';

type Entry = { service?: string; id?: number; at?: unknown; actor?: string; customerId?: string; action?: string; target?: string;
  reason?: string };

/** Who changed what, when and why, across the platform (the gateway's merged trail), newest first, page by page, and as CSV. */
export function Activity({ locale }: { locale: Locale }) {
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values);
  const [action, setAction] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [service, setService] = useState<'' | 'billing' | 'channel' | 'messaging'>('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [state, setState] = useState<'loading' | 'done' | 'failed'>('loading');
  const [message, setMessage] = useState('');
  const query = { ...(action.trim() ? { action: action.trim() } : {}), ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
    ...(service ? { service } : {}) };

  const load = async (after?: string) => {
    setState('loading');
    const { data, error } = await api.GET('/api/v1/activity', { params: { query: { ...query, limit: 50, ...(after ? { cursor: after } : {}) } } });
    if (data) {
      setEntries((before) => (after ? [...before, ...(data.items ?? [])] : data.items ?? []));
      setCursor(data.nextCursor);
      setState('done');
    } else {
      setMessage(describeProblem(error as Problem, locale));
      setState('failed');
    }
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { void load(); }, [action, customerId, service, locale]);

  const download = async () => {
    const { data, error } = await api.GET('/api/v1/activity/export.csv', { params: { query }, parseAs: 'blob' });
    if (!data) {
      setMessage(describeProblem(error as Problem, locale));
      setState('failed');
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data as Blob);
    link.download = 'activity.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">{t('activity.title')}</h2>
      <div className="filters">
        <label>{t('activity.action')} <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="allocateDays" /></label>
        <label>{t('customers.customer')} <input value={customerId} onChange={(e) => setCustomerId(e.target.value)} /></label>
        <label>{t('activity.service')}{' '}
          <select value={service} onChange={(e) => setService(e.target.value as typeof service)}>
            <option value="">{t('customers.any')}</option>
            <option value="billing">billing</option><option value="channel">channel</option><option value="messaging">messaging</option>
          </select>
        </label>
        <button type="button" onClick={download}>{t('activity.csv')}</button>
      </div>
      {state === 'failed' && <p role="alert">{message}</p>}
      {entries.length === 0 && state === 'done' ? <p>{t('activity.none')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('activity.when')}</th><th scope="col">{t('activity.who')}</th><th scope="col">{t('activity.action')}</th>
            <th scope="col">{t('activity.target')}</th><th scope="col">{t('activity.reason')}</th>
          </tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.service}-${e.id}`}>
                <td>{e.at ? formatInstant(locale, e.at as string) : ''}</td><td>{e.actor}</td>
                <td>{e.action} <small>({e.service})</small></td><td>{e.target}</td><td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state === 'loading' && <p aria-busy="true">{t('state.loading')}</p>}
      {cursor && state === 'done' && <button type="button" onClick={() => load(cursor)}>{t('activity.more')}</button>}
    </section>
  );
}
