import { useState } from 'react';
import { api } from '../api/client';
import { formatDays, formatInstant, formatMoney, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, saveBlob, useT } from './common';
import { useRead } from './useRead';

/** A customer's statement of a month: every movement of its days with the balance it left, its payments, and the CSV. */
export function Statement({ locale, customerId }: { locale: Locale; customerId: string }) {
  const t = useT(locale);
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const period = monthPeriod(month);
  const statement = useRead(locale, () => api.GET('/api/v1/customers/{customerId}/statement', {
    params: { path: { customerId }, query: { ...period, limit: 200 } } }), [locale, customerId, month]);
  const [outcome, setOutcome] = useState<Outcome>();
  const download = async () => {
    const { data, error } = await api.GET('/api/v1/customers/{customerId}/statement.csv', {
      params: { path: { customerId }, query: period }, parseAs: 'blob' });
    if (data) saveBlob(data as unknown as Blob, `statement-${customerId}-${month}.csv`);
    else setOutcome(problemOutcome(error, locale));
  };
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">{t('statement.title', { customer: customerId })}</h2>
      <div className="filters">
        <label>{t('statement.month')} <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} /></label>
        <button type="button" onClick={download}>{t('activity.csv')}</button>
      </div>
      <OutcomeLine outcome={outcome} />
      <ReadState read={statement} t={t} />
      {statement.state === 'done' && (
        <>
          <dl className="figures">
            <div><dt>{t('statement.opening')}</dt><dd>{formatDays(locale, statement.data.openingBalanceDays ?? 0)}</dd></div>
            <div><dt>{t('statement.closing')}</dt><dd>{formatDays(locale, statement.data.closingBalanceDays ?? 0)}</dd></div>
          </dl>
          {(statement.data.lines ?? []).length === 0 ? <p>{t('statement.none')}</p> : (
            <table>
              <thead><tr><th scope="col">{t('activity.when')}</th><th scope="col">{t('statement.kind')}</th>
                <th scope="col">{t('customers.days')}</th><th scope="col">{t('statement.after')}</th><th scope="col">{t('activity.reason')}</th></tr></thead>
              <tbody>{(statement.data.lines ?? []).map((l) => (
                <tr key={l.transferId}><td>{l.at ? formatInstant(locale, l.at) : ''}</td><td>{l.kind}</td><td>{l.days}</td>
                  <td>{formatDays(locale, l.balanceAfterDays ?? 0)}</td><td>{l.reference ?? l.comment ?? ''}</td></tr>
              ))}</tbody>
            </table>
          )}
          {(statement.data.payments ?? []).length > 0 && (
            <>
              <h3>{t('statement.payments')}</h3>
              <ul>{(statement.data.payments ?? []).map((p) => (
                <li key={p.id}>{p.confirmedAt ? formatInstant(locale, p.confirmedAt) : ''} · {p.plan} · {p.kind} ·{' '}
                  {formatMoney(locale, p.amount ?? 0, p.currency ?? 'IDR')}</li>
              ))}</ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The first instant of a month (YYYY-MM, UTC) and of the next: the statement's period. */
export function monthPeriod(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(year, m - 1, 1)).toISOString(), to: new Date(Date.UTC(year, m, 1)).toISOString() };
}
