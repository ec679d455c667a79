import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { formatInstant, type Locale } from '../i18n';
import { BulkActions } from './BulkActions';
import { type Outcome, OutcomeLine, problemOutcome, saveBlob, useT } from './common';

type Row = components['schemas']['OperatorChannelView'];
type State = components['schemas']['ChannelState'];
type Health = components['schemas']['ChannelHealth'];

/**
 * Every customer's channels for the operator: filtered by customer, name, state, health and how soon
 * their paid time ends; sorted by that end; a page at a time; the same list as CSV; one action on every
 * channel the filters match, as a job with its progress. A channel's page (its name) has its actions.
 */
export function Channels({ locale, customer }: { locale: Locale; customer?: string }) {
  const t = useT(locale);
  const [customerId, setCustomerId] = useState(customer ?? '');
  const [name, setName] = useState('');
  const [state, setState] = useState<'' | State>('');
  const [health, setHealth] = useState<'' | Health>('');
  const [within, setWithin] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [outcome, setOutcome] = useState<Outcome>();
  // fixed when the choice is made: the list, its CSV and a bulk action's dry run and job all mean the same moment
  const expiresBefore = useMemo(() => (within ? new Date(Date.now() + Number(within) * 86_400_000).toISOString() : undefined), [within]);
  const query = {
    ...(customerId.trim() ? { customerId: customerId.trim() } : {}), ...(name.trim() ? { nameContains: name.trim() } : {}),
    ...(state ? { state: [state] } : {}), ...(health ? { health } : {}),
    ...(expiresBefore ? { expiresBefore } : {}),
  };

  const load = async (after?: string) => {
    setLoading(true);
    const { data, error } = await api.GET('/api/v1/admin/channels', { params: { query: { ...query, limit: 50, ...(after ? { cursor: after } : {}) } } });
    setLoading(false);
    if (data) {
      setRows((before) => (after ? [...before, ...(data.items ?? [])] : data.items ?? []));
      setCursor(data.nextCursor);
      setOutcome(undefined);
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { void load(); }, [customerId, name, state, health, within, locale]);
  const download = async () => {
    const { data, error } = await api.GET('/api/v1/admin/channels/export.csv', { params: { query }, parseAs: 'blob' });
    if (data) saveBlob(data as unknown as Blob, 'channels.csv');
    else setOutcome(problemOutcome(error, locale));
  };

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channels.title')}</h2>
      <div className="filters">
        <label>{t('customers.customer')} <input value={customerId} onChange={(e) => setCustomerId(e.target.value)} /></label>
        <label>{t('channels.name')} <input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>{t('home.state')}{' '}
          <select value={state} onChange={(e) => setState(e.target.value as typeof state)}>
            <option value="">{t('customers.any')}</option>
            {['QUEUED', 'CREATING', 'ACTIVE', 'PAUSING', 'PAUSED', 'DELETING', 'FAILED', 'DELETED'].map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>{t('channel.health')}{' '}
          <select value={health} onChange={(e) => setHealth(e.target.value as typeof health)}>
            <option value="">{t('customers.any')}</option>
            {['HEALTHY', 'LINKING', 'STARTING', 'STUCK', 'FAILED', 'SILENT'].map((h) => <option key={h} value={h}>{h}</option>)}
          </select>
        </label>
        <label>{t('channels.ending-within')}{' '}
          <select value={within} onChange={(e) => setWithin(e.target.value)}>
            <option value="">{t('customers.any')}</option>
            {['3', '7', '30'].map((d) => <option key={d} value={d}>{t('days.count', { count: d })}</option>)}
          </select>
        </label>
        <button type="button" onClick={download}>{t('activity.csv')}</button>
      </div>
      <OutcomeLine outcome={outcome} />
      {rows.length === 0 && !loading ? <p>{t('channels.none')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('channels.name')}</th><th scope="col">{t('customers.customer')}</th>
            <th scope="col">{t('home.state')}</th><th scope="col">{t('home.link')}</th><th scope="col">{t('channel.health')}</th>
            <th scope="col">{t('channel.active-till')}</th><th scope="col">{t('channels.days-left')}</th></tr></thead>
          <tbody>{rows.map((c) => (
            <tr key={c.id}>
              <td><a href={`#/channels/${c.id}`}>{c.name}</a></td><td>{c.customerId}</td><td>{c.state} · {c.mode}</td>
              <td>{c.linkStatus}</td><td>{c.health}</td><td>{c.activeTill ? formatInstant(locale, c.activeTill) : '—'}</td>
              <td>{c.daysLeft ?? '—'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {loading && <p aria-busy="true">{t('state.loading')}</p>}
      {cursor && !loading && <button type="button" onClick={() => load(cursor)}>{t('activity.more')}</button>}
      <BulkActions locale={locale} filter={{
        ...(query.customerId ? { customerId: query.customerId } : {}), ...(query.nameContains ? { nameContains: query.nameContains } : {}),
        ...(state ? { states: [state] } : {}), ...(health ? { health } : {}), ...(query.expiresBefore ? { expiresBefore: query.expiresBefore } : {}),
      }} />
    </section>
  );
}
