import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { formatDays, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, useInterval, useT } from './common';

type Request = components['schemas']['BulkExtensionRequest'];
type Plan = components['schemas']['BulkExtensionPlanView'];
type Job = components['schemas']['BulkExtensionView'];

/**
 * Many channels extended at once (a customer's fleet, or everything ending before a date): first
 * what it takes (a dry run: how many channels, each customer's days needed against its balance),
 * then the job, each channel's progress read every two seconds until nothing is pending. All or
 * none: a customer short of days gets none, and the refusal says what it has and needs.
 */
export function ExtendFleet({ locale, extended }: { locale: Locale; extended: () => void }) {
  const t = useT(locale);
  const [customerId, setCustomerId] = useState('');
  const [before, setBefore] = useState('');
  const [days, setDays] = useState('');
  const [comment, setComment] = useState('');
  const [plan, setPlan] = useState<Plan>();
  const [job, setJob] = useState<Job>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [key, setKey] = useState(() => crypto.randomUUID());

  const request = (): Request => ({
    filter: { ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
      ...(before ? { expiresBefore: new Date(`${before}T00:00:00`).toISOString() } : {}) },
    days: Number(days), comment: comment.trim() });
  const forget = () => { setPlan(undefined); setOutcome(undefined); };

  const preview = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.POST('/api/v1/ledger/extensions/bulk', { body: { ...request(), dryRun: true } });
    if (data) {
      setPlan(data as Plan);
      setOutcome(undefined);
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  const start = async () => {
    const { data, error } = await api.POST('/api/v1/ledger/extensions/bulk', {
      params: { header: { 'Idempotency-Key': key } }, body: request() });
    if (data) {
      setJob(data as Job);
      setPlan(undefined);
      setKey(crypto.randomUUID());
      setOutcome(undefined);
      extended();
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  useInterval(async () => {
    if (!job) return;
    const { data } = await api.GET('/api/v1/ledger/extensions/bulk/{id}', { params: { path: { id: job.id! } } });
    if (data) {
      setJob(data);
      if (data.finished) extended();
    }
  }, job && !job.finished ? 2000 : null);

  const short = (plan?.customers ?? []).filter((c) => (c.missingDays ?? 0) > 0);
  return (
    <form className="panel" onSubmit={preview} aria-labelledby="extend-fleet-title">
      <h3 id="extend-fleet-title">{t('fleet.title')}</h3>
      <label htmlFor="fleet-customer">{t('fleet.customer')}</label>
      <input id="fleet-customer" value={customerId} onChange={(e) => { setCustomerId(e.target.value); forget(); }} />
      <label htmlFor="fleet-before">{t('fleet.before')}</label>
      <input id="fleet-before" type="date" value={before} onChange={(e) => { setBefore(e.target.value); forget(); }} />
      <label htmlFor="fleet-days">{t('fleet.days')}</label>
      <input id="fleet-days" type="number" min="1" max="36600" required value={days} onChange={(e) => { setDays(e.target.value); forget(); }} />
      <label htmlFor="fleet-comment">{t('fleet.comment')}</label>
      <input id="fleet-comment" required maxLength={200} value={comment} onChange={(e) => { setComment(e.target.value); forget(); }} />
      <div className="actions"><button type="submit">{t('fleet.preview')}</button></div>
      {plan && (
        <div data-testid="fleet-plan">
          <p>{t('fleet.would', { count: plan.extended ?? 0, days: formatDays(locale, Number(days)), skipped: (plan.count ?? 0) - (plan.extended ?? 0) })}</p>
          <ul>{(plan.customers ?? []).map((c) => (
            <li key={c.customerId}>{t((c.missingDays ?? 0) > 0 ? 'fleet.short' : 'fleet.enough', { customer: c.customerId ?? '',
              balance: formatDays(locale, c.balanceDays ?? 0), needed: formatDays(locale, c.neededDays ?? 0),
              missing: formatDays(locale, c.missingDays ?? 0) })}</li>
          ))}</ul>
          <button type="button" onClick={start} disabled={!plan.extended || short.length > 0}>
            {t('fleet.start', { count: plan.extended ?? 0 })}</button>
        </div>
      )}
      <OutcomeLine outcome={outcome} />
      {job && (
        <div data-testid="fleet-job">
          <progress value={(job.done ?? 0) + (job.failed ?? 0)} max={Math.max(1, (job.total ?? 0) - (job.skipped ?? 0))} aria-label={t('fleet.title')} />
          <p role="status">{t(job.finished ? 'fleet.finished' : 'fleet.progress', { done: job.done ?? 0, failed: job.failed ?? 0,
            pending: job.pending ?? 0, skipped: job.skipped ?? 0 })}</p>
          <table>
            <thead><tr><th scope="col">{t('bulk.channel')}</th><th scope="col">{t('customers.customer')}</th>
              <th scope="col">{t('home.state')}</th><th scope="col">{t('bulk.result')}</th></tr></thead>
            <tbody>{(job.items ?? []).map((item) => (
              <tr key={item.channelId}>
                <td><a href={`#/channels/${item.channelId}`}>{item.channelId}</a></td><td>{item.customerId}</td>
                <td>{t(`fleet.${item.state}`)}</td><td>{item.detail ?? '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </form>
  );
}
