import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { formatDays, formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';
import { ExtendFleet } from './ExtendFleet';

type Mode = components['schemas']['AllocationMode'];
type Status = components['schemas']['SubscriptionStatus'];
const STATUSES: readonly Status[] = ['PENDING_PAYMENT', 'ACTIVE', 'GRACE', 'SUSPENDED', 'CANCELLED', 'EXPIRED'];

/**
 * Every customer billing knows, with its plan, allocation mode, balance and channels (filtered by
 * subscription, balance and mode): a payment confirmed (or, for a lapsed customer, received, or its step
 * held for a week), the mode switched, a statement opened, and
 * days given from the pool or taken back into it, with the reason the ledger requires, once per click
 * (an Idempotency-Key per attempt, so a repeated request moves nothing twice), and a fleet extended at once.
 */
export function Customers({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [balanceBelow, setBalanceBelow] = useState('');
  const [mode, setMode] = useState<'' | Mode>('');
  const [status, setStatus] = useState<'' | Status>('');
  const [version, bump] = useVersion();
  const list = useRead(locale, () => api.GET('/api/v1/admin/customers', { params: { query: {
    ...(balanceBelow ? { balanceBelow: Number(balanceBelow) } : {}), ...(mode ? { allocationMode: mode } : {}),
    ...(status ? { subscriptionStatus: status } : {}), limit: 100 } } }),
  [locale, balanceBelow, mode, status, version]);
  const [outcome, setOutcome] = useState<Outcome>();

  const confirm = async (subscriptionId: string, customerId: string) => {
    const { data, error } = await api.POST('/api/v1/subscriptions/{id}/confirm-payment', { params: { path: { id: subscriptionId } } });
    setOutcome(data ? { ok: true, text: t('customers.confirmed', { customer: customerId,
      until: data.currentPeriodEnd ? formatInstant(locale, data.currentPeriodEnd) : '—' }) } : problemOutcome(error, locale));
    bump();
  };
  // a lapsed customer paid: a new period from now, and what its suspension paused runs again
  const paid = async (subscriptionId: string, customerId: string) => {
    const { data, error } = await api.POST('/api/v1/subscriptions/{id}/renew', { params: { path: { id: subscriptionId } } });
    setOutcome(data ? { ok: true, text: t('customers.restored', { customer: customerId,
      until: data.currentPeriodEnd ? formatInstant(locale, data.currentPeriodEnd) : '—' }) } : problemOutcome(error, locale));
    bump();
  };
  const hold = async (subscriptionId: string, customerId: string) => {
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const { data, error } = await api.PUT('/api/v1/subscriptions/{id}/hold', { params: { path: { id: subscriptionId } },
      body: { until, reason: 'held from the console' } });
    setOutcome(data ? { ok: true, text: t('customers.held', { customer: customerId,
      until: data.heldUntil ? formatInstant(locale, data.heldUntil) : '—' }) } : problemOutcome(error, locale));
    bump();
  };
  const switchMode = async (customerId: string, next: Mode) => {
    const { error, response } = await api.PUT('/api/v1/customers/{customerId}/allocation-mode', {
      params: { path: { customerId } }, body: { mode: next } });
    setOutcome(response.ok ? { ok: true, text: t('customers.mode-set', { customer: customerId, mode: next }) } : problemOutcome(error, locale));
    bump();
  };

  return (
    <section aria-labelledby="customers-title">
      <h2 id="customers-title">{t('customers.title')}</h2>
      <div className="filters">
        <label>{t('customers.subscription')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('customers.any')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`subscription.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('customers.balance-below')}{' '}
          <input type="number" min="1" inputMode="numeric" value={balanceBelow} onChange={(e) => setBalanceBelow(e.target.value)} />
        </label>
        <label>{t('customers.mode')}{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="">{t('customers.any')}</option>
            <option value="AUTOMATIC">AUTOMATIC</option>
            <option value="MANUAL">MANUAL</option>
          </select>
        </label>
      </div>
      <OutcomeLine outcome={outcome} />
      <ReadState read={list} t={t} />
      {list.state === 'done' && ((list.data.items ?? []).length === 0 ? <p>{t('customers.none')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('customers.customer')}</th><th scope="col">{t('customers.plan')}</th>
            <th scope="col">{t('customers.mode')}</th><th scope="col">{t('home.balance')}</th><th scope="col">{t('home.channels')}</th>
            <th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th>
          </tr></thead>
          <tbody>
            {(list.data.items ?? []).map((c) => (
              <tr key={c.customerId}>
                <td>{c.customerId}</td>
                <td>{c.planName ?? '—'} {c.subscriptionStatus ? `(${t(`subscription.${c.subscriptionStatus}`)})` : ''}</td>
                <td>
                  <select aria-label={t('customers.mode-of', { customer: c.customerId ?? '' })} value={c.allocationMode ?? 'MANUAL'}
                          onChange={(e) => switchMode(c.customerId!, e.target.value as Mode)}>
                    <option value="AUTOMATIC">AUTOMATIC</option><option value="MANUAL">MANUAL</option>
                  </select>
                </td>
                <td data-testid={`balance-${c.customerId}`}>{formatDays(locale, c.balanceDays ?? 0)}</td>
                <td><a href={`#/channels?customer=${encodeURIComponent(c.customerId ?? '')}`}>{c.channels ?? 0}</a></td>
                <td className="actions">
                  {c.subscriptionStatus === 'PENDING_PAYMENT' && c.subscriptionId && (
                    <button type="button" onClick={() => confirm(c.subscriptionId!, c.customerId!)}
                            aria-label={t('customers.confirm-of', { customer: c.customerId ?? '' })}>{t('customers.confirm')}</button>
                  )}
                  {(c.subscriptionStatus === 'GRACE' || c.subscriptionStatus === 'SUSPENDED') && c.subscriptionId && (<>
                    <button type="button" onClick={() => paid(c.subscriptionId!, c.customerId!)}
                            aria-label={t('customers.paid-of', { customer: c.customerId ?? '' })}>{t('customers.paid')}</button>
                    <button type="button" onClick={() => hold(c.subscriptionId!, c.customerId!)}
                            aria-label={t('customers.hold-of', { customer: c.customerId ?? '' })}>{t('customers.hold')}</button>
                  </>)}
                  <a href={`#/statement/${encodeURIComponent(c.customerId ?? '')}`}>{t('nav.statement')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <MoveDays locale={locale} moved={bump} />
      <ExtendFleet locale={locale} extended={bump} />
    </section>
  );
}

/** Days given to a customer from the pool, or taken back into it, with the reason the ledger keeps. */
function MoveDays({ locale, moved }: { locale: Locale; moved: () => void }) {
  const t = useT(locale);
  const [direction, setDirection] = useState<'give' | 'reclaim'>('give');
  const [customerId, setCustomerId] = useState('');
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();

  const move = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    const header = { 'Idempotency-Key': crypto.randomUUID() };
    const who = customerId.trim();
    const answer = direction === 'give'
      ? await api.POST('/api/v1/ledger/allocations', { params: { header }, body: { customerId: who, days: Number(days), reference: reason.trim() } })
      : await api.POST('/api/v1/ledger/reclaims', { params: { header }, body: { customerId: who, days: Number(days), reason: reason.trim() } });
    if (answer.data) {
      setOutcome({ ok: true, text: t(direction === 'give' ? 'customers.given' : 'customers.reclaimed', {
        days: formatDays(locale, answer.data.days ?? 0), customer: who, balance: formatDays(locale, answer.data.balanceDays ?? 0) }) });
      setDays('');
      setReason('');
      moved();
    } else {
      setOutcome(problemOutcome(answer.error, locale));
    }
  };

  return (
    <form className="panel" onSubmit={move}>
      <h3>{t('customers.move')}</h3>
      <fieldset className="choice">
        <legend>{t('customers.direction')}</legend>
        <label className="check"><input type="radio" name="direction" checked={direction === 'give'} onChange={() => setDirection('give')} />{' '}
          {t('customers.give')}</label>
        <label className="check"><input type="radio" name="direction" checked={direction === 'reclaim'} onChange={() => setDirection('reclaim')} />{' '}
          {t('customers.take-back')}</label>
      </fieldset>
      <label htmlFor="give-customer">{t('customers.customer')}</label>
      <input id="give-customer" required value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
      <label htmlFor="give-days">{t('customers.days')}</label>
      <input id="give-days" type="number" min="1" max="36600" required value={days} onChange={(e) => setDays(e.target.value)} />
      <label htmlFor="give-reason">{t('customers.reason')}</label>
      <input id="give-reason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions"><button type="submit">{t(direction === 'give' ? 'customers.give-button' : 'customers.reclaim-button')}</button></div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
