import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useInterval, useT, useVersion } from './common';
import { Choices, ShownOnce } from './ShownOnce';
import { useRead } from './useRead';

/** The event types an endpoint may ask for, as the platform names them (docs/webhooks.md). */
export const EVENT_TYPES = ['message.received', 'message.status', 'channel.status', 'channel.health', 'channel.expiring',
  'channel.extended', 'channel.created', 'channel.paused', 'channel.resumed', 'channel.deleted', 'balance.low', 'balance.depleted',
  'subscription.grace', 'subscription.suspended', 'subscription.restored', 'subscription.ended'] as const;

/**
 * The customer's webhook endpoints: registered with the event types they want (the signing secret
 * shown this once, with a copy button), each with its delivery log and a button to deliver one again.
 */
export function WebhookEndpoints({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const endpoints = useRead(locale, () => api.GET('/api/v1/webhook-endpoints'), [locale, version]);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>(['message.received', 'message.status']);
  const [secret, setSecret] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [open, setOpen] = useState<string>();

  const register = async (event: FormEvent) => {
    event.preventDefault();
    setSecret(undefined);
    const { data, error } = await api.POST('/api/v1/webhook-endpoints', { body: { url: url.trim(), eventTypes: types } });
    if (data?.endpoint) {
      setSecret(data.secret);
      setOutcome({ ok: true, text: t('webhooks.registered') });
      setUrl('');
      setOpen(data.endpoint.id);
      bump();
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  const remove = async (id: string) => {
    const { error, response } = await api.DELETE('/api/v1/webhook-endpoints/{id}', { params: { path: { id } } });
    setOutcome(response.ok ? { ok: true, text: t('webhooks.deleted') } : problemOutcome(error, locale));
    bump();
  };

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooks.title')}</h2>
      <ReadState read={endpoints} t={t} />
      {endpoints.state === 'done' && (endpoints.data.length === 0 ? <p data-testid="no-endpoints">{t('webhooks.none')}</p> : (
        <table>
          <thead><tr><th scope="col">URL</th><th scope="col">{t('webhooks.events')}</th><th scope="col">{t('webhooks.state')}</th>
            <th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th></tr></thead>
          <tbody>{endpoints.data.map((e) => (
            <tr key={e.id}>
              <td>{e.url}</td><td>{(e.eventTypes ?? []).join(', ')}</td>
              <td>{e.enabled ? t('webhooks.enabled') : `${t('webhooks.disabled')} ${e.disabledReason ?? ''}`}</td>
              <td className="actions">
                <button type="button" onClick={() => setOpen(open === e.id ? undefined : e.id)} aria-expanded={open === e.id}>
                  {t('webhooks.deliveries')}</button>
                <button type="button" onClick={() => remove(e.id!)}>{t('webhooks.delete')}</button>
              </td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      {open && <Deliveries locale={locale} endpointId={open} />}
      <form className="panel" onSubmit={register}>
        <h3>{t('webhooks.new')}</h3>
        <label htmlFor="endpoint-url">{t('webhooks.url')}</label>
        <input id="endpoint-url" type="url" required maxLength={2000} placeholder="https://example.com/hooks/whatsapp" value={url}
               onChange={(e) => setUrl(e.target.value)} />
        <Choices legend={t('webhooks.events')} values={EVENT_TYPES} chosen={types} onChange={setTypes} />
        <div className="actions"><button type="submit" disabled={!url.trim() || types.length === 0}>{t('webhooks.register')}</button></div>
      </form>
      <OutcomeLine outcome={outcome} />
      {secret && <ShownOnce locale={locale} label={t('webhooks.secret')} advice={t('webhooks.secret-once')} secret={secret} testId="endpoint-secret" />}
    </section>
  );
}

/** One endpoint's deliveries, newest first, read again every few seconds; any of them can be delivered again. */
function Deliveries({ locale, endpointId }: { locale: Locale; endpointId: string }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  useInterval(bump, 3000);
  const deliveries = useRead(locale, () => api.GET('/api/v1/webhook-endpoints/{id}/deliveries', {
    params: { path: { id: endpointId }, query: { size: 50 } } }), [locale, endpointId, version], true);
  const [outcome, setOutcome] = useState<Outcome>();
  const redeliver = async (deliveryId: string) => {
    const { data, error } = await api.POST('/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver', {
      params: { path: { id: endpointId, deliveryId } } });
    setOutcome(data ? { ok: true, text: t('webhooks.redelivering', { id: data.webhookId ?? '' }) } : problemOutcome(error, locale));
    bump();
  };
  return (
    <div className="panel wide">
      <h3>{t('webhooks.log')}</h3>
      <ReadState read={deliveries} t={t} />
      {deliveries.state === 'done' && (deliveries.data.length === 0 ? <p>{t('webhooks.no-deliveries')}</p> : (
        <table data-testid="deliveries">
          <thead><tr><th scope="col">{t('activity.when')}</th><th scope="col">{t('webhooks.event')}</th>
            <th scope="col">{t('webhooks.state')}</th><th scope="col">{t('webhooks.attempts')}</th><th scope="col">{t('webhooks.answer')}</th>
            <th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th></tr></thead>
          <tbody>{deliveries.data.map((d) => (
            <tr key={d.id}>
              <td>{d.createdAt ? formatInstant(locale, d.createdAt) : ''}</td><td>{d.eventType}</td><td>{d.status}</td>
              <td>{d.attempts}</td><td>{d.lastStatus ?? d.lastError ?? '—'}</td>
              <td><button type="button" onClick={() => redeliver(d.id!)}>{t('webhooks.redeliver')}</button></td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <OutcomeLine outcome={outcome} />
    </div>
  );
}
