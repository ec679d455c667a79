import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatDays, formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';

/**
 * The partner's days: the pool and days bought from WHAPI (a top-up, with its invoice as reference),
 * the reconciliation against WHAPI's own count, and the ledger auditor's verdict, checked on demand.
 */
export function Days({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const pool = useRead(locale, () => api.GET('/api/v1/ledger/pool'), [locale, version]);
  const reconciliation = useRead(locale, () => api.GET('/api/v1/ledger/reconciliation'), [locale, version]);
  const audit = useRead(locale, () => api.GET('/api/v1/ledger/audit'), [locale, version]);
  const [days, setDays] = useState('');
  const [reference, setReference] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();

  const topUp = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.POST('/api/v1/ledger/top-ups', {
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } }, body: { days: Number(days), reference: reference.trim() } });
    setOutcome(data ? { ok: true, text: t('days.topped-up', { days: formatDays(locale, Number(days)) }) } : problemOutcome(error, locale));
    if (data) {
      setDays('');
      setReference('');
      bump();
    }
  };

  const violations = audit.state === 'done' ? Object.entries(audit.data.violations ?? {}) : [];
  const broken = violations.filter(([, found]) => Array.isArray(found) && found.length > 0);
  return (
    <section aria-labelledby="days-title">
      <h2 id="days-title">{t('days.title')}</h2>
      <ReadState read={pool} t={t} />
      {pool.state === 'done' && reconciliation.state === 'done' && (
        <dl className="figures">
          <div><dt>{t('overview.pool')}</dt><dd data-testid="pool">{formatDays(locale, pool.data.poolDays ?? 0)}</dd></div>
          <div><dt>{t('overview.customer-days')}</dt><dd>{formatDays(locale, reconciliation.data.customerDays ?? 0)}</dd></div>
          <div><dt>{t('days.reserved')}</dt><dd>{formatDays(locale, reconciliation.data.reservedDays ?? 0)}</dd></div>
          <div><dt>{t('days.expected')}</dt><dd>{formatDays(locale, reconciliation.data.expectedPartnerDays ?? 0)}</dd></div>
          <div><dt>{t('days.reported')}</dt>
            <dd>{reconciliation.data.reportedPartnerDays == null ? '—' : formatDays(locale, reconciliation.data.reportedPartnerDays)}
              {reconciliation.data.reportedBy && <small> ({reconciliation.data.reportedBy})</small>}</dd></div>
          <div><dt>{t('days.drift')}</dt><dd data-testid="drift">{reconciliation.data.driftDays == null ? '—' : String(reconciliation.data.driftDays)}</dd></div>
        </dl>
      )}
      <h3>{t('days.audit')}</h3>
      <ReadState read={audit} t={t} />
      {audit.state === 'done' && (
        <p role="status" className={broken.length === 0 ? 'ok' : undefined} data-testid="audit">
          {broken.length === 0 ? t('days.audit-ok', { rules: violations.length, at: formatInstant(locale, audit.data.checkedAt ?? new Date().toISOString()) })
            : t('days.audit-broken', { rules: broken.map(([rule]) => rule).join(', ') })}
        </p>
      )}
      <div className="actions"><button type="button" onClick={bump}>{t('days.check-again')}</button></div>
      <form className="panel" onSubmit={topUp}>
        <h3>{t('days.top-up')}</h3>
        <label htmlFor="top-up-days">{t('customers.days')}</label>
        <input id="top-up-days" type="number" min="1" max="36600" required value={days} onChange={(e) => setDays(e.target.value)} />
        <label htmlFor="top-up-reference">{t('days.reference')}</label>
        <input id="top-up-reference" required maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
        <div className="actions"><button type="submit">{t('days.top-up-button')}</button></div>
      </form>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
