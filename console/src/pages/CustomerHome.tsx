import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatDays, formatInstant, formatMoney, type Locale } from '../i18n';
import { go, type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';

/**
 * The customer's dashboard: its plan (or the plans it may subscribe to), its balance and runway, its
 * channels, and a new channel (the page of which then links it to WhatsApp).
 */
export function CustomerHome({ locale, customerId }: { locale: Locale; customerId: string }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const balance = useRead(locale, () => api.GET('/api/v1/customers/{customerId}/balance', { params: { path: { customerId } } }),
    [locale, customerId, version]);
  const runway = useRead(locale, () => api.GET('/api/v1/customers/{customerId}/runway', { params: { path: { customerId } } }),
    [locale, customerId, version]);
  const subscriptions = useRead(locale, () => api.GET('/api/v1/subscriptions'), [locale, customerId, version]);
  const channels = useRead(locale, () => api.GET('/api/v1/channels'), [locale, customerId, version]);
  const [outcome, setOutcome] = useState<Outcome>();
  const current = subscriptions.state === 'done'
    ? subscriptions.data.find((s) => s.status === 'ACTIVE' || s.status === 'PENDING_PAYMENT') : undefined;

  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">{t('home.title')}</h2>
      <ReadState read={balance} t={t} />
      {balance.state === 'done' && (
        <dl className="figures">
          <div><dt>{t('home.balance')}</dt><dd data-testid="balance-days">{formatDays(locale, balance.data.balanceDays ?? 0)}</dd></div>
          <div><dt>{t('home.runway')}</dt>
            <dd>{runway.state === 'done' && runway.data.runwayDays != null ? formatDays(locale, Math.floor(runway.data.runwayDays)) : '—'}</dd></div>
          <div><dt>{t('home.plan')}</dt>
            <dd data-testid="subscription">{current ? t(`subscription.${current.status}`) : t('home.no-plan')}</dd></div>
          <div><dt>{t('home.slots')}</dt><dd>{balance.data.activePlan ? String(balance.data.maxChannels ?? 0) : '—'}</dd></div>
        </dl>
      )}
      {subscriptions.state === 'done' && !current && <PlansToSubscribe locale={locale} done={(o) => { setOutcome(o); bump(); }} />}
      {current?.status === 'PENDING_PAYMENT' && <p role="status">{t('home.pending', { since: formatInstant(locale, current.createdAt ?? '') })}</p>}
      <OutcomeLine outcome={outcome} />

      <h3>{t('home.channels')}</h3>
      <ReadState read={channels} t={t} />
      {channels.state === 'done' && (channels.data.length === 0 ? <p>{t('home.no-channels')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('home.channel')}</th><th scope="col">{t('home.state')}</th><th scope="col">{t('home.link')}</th>
            <th scope="col">{t('channel.active-till')}</th>
          </tr></thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id}>
                <td><a href={`#/channels/${c.id}`}>{c.name}</a></td><td>{c.state}{c.queue ? ` (${t('home.queue-place', { position: c.queue.position ?? '—' })})` : ` · ${c.mode ?? '—'}`}</td><td>{c.linkStatus}</td>
                <td>{c.activeTill ? formatInstant(locale, c.activeTill) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {current?.status === 'ACTIVE' && <CreateChannel locale={locale} />}
    </section>
  );
}

/** The plans on offer, each with its price and a button that subscribes (pending until the operator confirms the payment). */
function PlansToSubscribe({ locale, done }: { locale: Locale; done: (outcome: Outcome) => void }) {
  const t = useT(locale);
  const plans = useRead(locale, () => api.GET('/api/v1/plans'), [locale]);
  const subscribe = async (planId: string) => {
    const { data, error } = await api.POST('/api/v1/subscriptions', {
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body: { planId } });
    done(data ? { ok: true, text: t('home.subscribed') } : problemOutcome(error, locale));
  };
  return (
    <div className="panel wide">
      <h3>{t('home.choose-plan')}</h3>
      <ReadState read={plans} t={t} />
      {plans.state === 'done' && (plans.data.length === 0 ? <p>{t('plans.none')}</p> : (
        <ul className="cards">
          {plans.data.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>
              <span>{t('plans.summary', { channels: p.maxChannels ?? 0, days: formatDays(locale, p.periodDays ?? 0) })}</span>
              <span>{formatMoney(locale, p.price ?? 0, p.currency ?? 'IDR')}</span>
              <button type="button" onClick={() => subscribe(p.id!)} aria-label={t('home.subscribe-to', { plan: p.name ?? '' })}>
                {t('home.subscribe')}
              </button>
            </li>
          ))}
        </ul>
      ))}
    </div>
  );
}

/** A new channel: named by the customer, created at WHAPI, then its page to link a phone. */
function CreateChannel({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  // one key per name typed: a double click or a retry after a lost answer creates one channel, not two
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    const { data, error } = await api.POST('/api/v1/channels', {
      params: { header: { 'Idempotency-Key': attempt } }, body: { name: name.trim() } });
    setBusy(false);
    if (data?.id) {
      go(`/channels/${data.id}`);
    } else {
      setOutcome(problemOutcome(error, locale));
      // a refusal created nothing: the next click is a new attempt (a lost answer keeps its key above)
      if (error) setAttempt(crypto.randomUUID());
    }
  };
  return (
    <form className="panel" onSubmit={create}>
      <h3>{t('home.new-channel')}</h3>
      <label htmlFor="channel-name">{t('home.channel-name')}</label>
      <input id="channel-name" required maxLength={100} value={name}
             onChange={(e) => { setName(e.target.value); setAttempt(crypto.randomUUID()); }} />
      <div className="actions"><button type="submit" disabled={busy || !name.trim()}>{t('home.create-channel')}</button></div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
