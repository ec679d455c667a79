import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { formatInstant, type Locale, translate } from '../i18n';
import { go, type Outcome, OutcomeLine, problemOutcome, ReadState, useInterval, useT, useVersion } from './common';
import { ChannelLink } from './ChannelLink';
import { ChannelMessages } from './ChannelMessages';
import { useRead } from './useRead';

type QueuePlace = components['schemas']['QueuePlace'];

/** How often the page reads the channel again: its link status changes on screen without a reload. */
const FOLLOW_MS = 2000;

/**
 * One channel: its state, link and health followed live; linking it (QR or pairing code) until a phone
 * is linked, then its messages; restart; pause (its days saved) and resume; for the operator, days with
 * a reason; delete only after the channel's name is typed.
 */
export function ChannelPage({ locale, id, operator }: { locale: Locale; id: string; operator: boolean }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  useInterval(bump, FOLLOW_MS);
  const channel = useRead(locale, () => api.GET('/api/v1/channels/{id}', { params: { path: { id } } }), [locale, id, version], true);
  const health = useRead(locale, () => api.GET('/api/v1/channels/{id}/health', { params: { path: { id } } }), [locale, id, version], true);
  const [outcome, setOutcome] = useState<Outcome>();

  const restart = async () => {
    const { error, response } = await api.POST('/api/v1/channels/{id}/restart', { params: { path: { id } } });
    setOutcome(response.ok ? { ok: true, text: t('channel.restarted') } : problemOutcome(error, locale));
  };

  const pause = async () => {
    const { error, response } = await api.POST('/api/v1/channels/{id}/pause', { params: { path: { id } } });
    setOutcome(response.ok ? { ok: true, text: t('channel.paused') } : problemOutcome(error, locale));
    bump();
  };

  const resume = async () => {
    const { error, response } = await api.POST('/api/v1/channels/{id}/resume', { params: { path: { id } } });
    setOutcome(response.ok ? { ok: true, text: t('channel.resumed') } : problemOutcome(error, locale));
    bump();
  };

  if (channel.state !== 'done') {
    return <section aria-labelledby="channel-title"><h2 id="channel-title">{t('channel.title')}</h2><ReadState read={channel} t={t} /></section>;
  }
  const c = channel.data;
  const linked = c.linkStatus === 'AUTH';
  return (
    <section aria-labelledby="channel-title">
      <p><a href={operator ? '#/channels' : '#/'}>{t('channel.back')}</a></p>
      <h2 id="channel-title">{c.name}</h2>
      <dl className="figures">
        <div><dt>{t('home.state')}</dt><dd data-testid="channel-state">{c.state}{c.mode ? ` · ${c.mode}` : ''}</dd></div>
        <div><dt>{t('home.link')}</dt><dd data-testid="link-status" aria-live="polite">{translate(locale, `link.${c.linkStatus ?? 'unknown'}`, c.linkStatus)}</dd></div>
        <div><dt>{t('channel.health')}</dt><dd>{health.state === 'done' ? `${health.data.health ?? '—'}` : '—'}</dd></div>
        <div><dt>{t('channel.active-till')}</dt><dd>{c.activeTill ? formatInstant(locale, c.activeTill) : '—'}</dd></div>
        {c.phone && <div><dt>{t('channel.phone')}</dt><dd>{c.phone}</dd></div>}
      </dl>
      {c.state === 'ACTIVE' && !linked && <ChannelLink locale={locale} id={id} />}
      {c.state === 'ACTIVE' && linked && <ChannelMessages locale={locale} id={id} />}
      {c.state === 'CREATING' && <p aria-busy="true">{t('channel.creating')}</p>}
      {(c.state === 'PAUSED' || c.state === 'PAUSING') && <p role="status" data-testid="paused-note">{t('channel.paused-note')}</p>}
      {c.state === 'QUEUED' && <QueuedChannel locale={locale} id={id} place={c.queue} operator={operator} />}
      <div className="panel wide">
        <h3>{t('channel.actions')}</h3>
        <div className="actions">
          <button type="button" onClick={restart} disabled={c.state !== 'ACTIVE'}>{t('channel.restart')}</button>
          {c.state === 'PAUSED'
            ? <button type="button" onClick={resume}>{t('channel.resume')}</button>
            : <button type="button" onClick={pause} disabled={c.state !== 'ACTIVE'}>{t('channel.pause')}</button>}
        </div>
        <OutcomeLine outcome={outcome} />
      </div>
      {(c.state === 'ACTIVE' || c.state === 'PAUSED') && health.state === 'done' && (
        <SilenceThreshold locale={locale} id={id} minutes={health.data.silentAfterMinutes} onSaved={bump} />)}
      {operator && c.state === 'ACTIVE' && <ExtendChannel locale={locale} id={id} />}
      {(c.state === 'ACTIVE' || c.state === 'PAUSED') && <DeleteChannel locale={locale} id={id} name={c.name ?? ''} operator={operator} />}
    </section>
  );
}

/**
 * How long a send through this channel may wait for its first status before the channel counts as
 * silent (and is restarted); empty: the platform's setting. Idleness never counts.
 */
function SilenceThreshold({ locale, id, minutes, onSaved }: { locale: Locale; id: string; minutes?: number; onSaved: () => void }) {
  const t = useT(locale);
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.PUT('/api/v1/channels/{id}/health/settings', {
      params: { path: { id } }, body: { silentAfterMinutes: value.trim() ? Number(value) : undefined } });
    setOutcome(data ? { ok: true, text: t('channel.silence-saved', { minutes: data.effectiveSilentAfterMinutes ?? '—' }) }
      : problemOutcome(error, locale));
    if (data) onSaved();
  };
  return (
    <form className="panel" onSubmit={save}>
      <h3>{t('channel.silence')}</h3>
      <p>{t('channel.silence-now', { minutes: minutes ?? '—' })}</p>
      <label htmlFor="silent-after">{t('channel.silence-minutes')}</label>
      <input id="silent-after" type="number" min="1" max="10080" value={value} onChange={(e) => setValue(e.target.value)} />
      <div className="actions"><button type="submit">{t('channel.silence-save')}</button></div>
      <OutcomeLine outcome={outcome} testId="silence-outcome" />
    </form>
  );
}

/** The operator extends a channel with days of its customer's balance, saying why (kept in the ledger). */
function ExtendChannel({ locale, id }: { locale: Locale; id: string }) {
  const t = useT(locale);
  const [days, setDays] = useState('30');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const extend = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.POST('/api/v1/ledger/extensions', {
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body: { channelId: id, days: Number(days), comment: reason.trim() } });
    setOutcome(data ? { ok: true, text: t('channel.extended', { days: data.days ?? 0, status: data.status ?? '' }) } : problemOutcome(error, locale));
    if (data) setReason('');
  };
  return (
    <form className="panel" onSubmit={extend}>
      <h3>{t('channel.extend')}</h3>
      <label htmlFor="extend-days">{t('customers.days')}</label>
      <input id="extend-days" type="number" min="1" max="3660" required value={days} onChange={(e) => setDays(e.target.value)} />
      <label htmlFor="extend-reason">{t('customers.reason')}</label>
      <input id="extend-reason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions"><button type="submit">{t('channel.extend-button')}</button></div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}

/**
 * WHAPI creates at most 20 channels per 30 minutes: a request beyond that waits its turn. The page
 * reads the channel every 2 s, so the place counts down and the channel appears when it is created.
 * Cancelling asks WHAPI nothing (it never heard of the channel), so no name needs typing.
 */
function QueuedChannel({ locale, id, place, operator }: { locale: Locale; id: string; place?: QueuePlace; operator: boolean }) {
  const t = useT(locale);
  const [outcome, setOutcome] = useState<Outcome>();
  const cancel = async () => {
    const { error, response } = await api.DELETE('/api/v1/channels/{id}', { params: { path: { id } } });
    if (response.ok) {
      go(operator ? '/channels' : '/');
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  return (
    <div className="panel wide">
      <p role="status" data-testid="queue-place">{t('channel.queued', {
        position: place?.position ?? '—', at: place?.estimatedAt ? formatInstant(locale, place.estimatedAt) : '—' })}</p>
      <div className="actions"><button type="button" onClick={cancel}>{t('channel.cancel-queued')}</button></div>
      <OutcomeLine outcome={outcome} />
    </div>
  );
}

/** Deleting is final at WHAPI: the button waits until the channel's exact name is typed. */
function DeleteChannel({ locale, id, name, operator }: { locale: Locale; id: string; name: string; operator: boolean }) {
  const t = useT(locale);
  const [typed, setTyped] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const remove = async (event: FormEvent) => {
    event.preventDefault();
    if (typed !== name) return;
    const { error, response } = await api.DELETE('/api/v1/channels/{id}', { params: { path: { id } } });
    if (response.ok) {
      go(operator ? '/channels' : '/');
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  return (
    <form className="panel danger" onSubmit={remove}>
      <h3>{t('channel.delete')}</h3>
      <p>{t('channel.delete-warning')}</p>
      <label htmlFor="delete-name">{t('channel.delete-type', { name })}</label>
      <input id="delete-name" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
      <div className="actions"><button type="submit" disabled={typed !== name}>{t('channel.delete-button')}</button></div>
      <OutcomeLine outcome={outcome} />
    </form>
  );
}
