import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatDays, type Locale, translate } from '../i18n';
import { describeProblem, type Problem } from '../problem';
import { useRead } from './useRead';

/**
 * Every customer billing knows, with its plan, allocation mode, balance and channels (filtered by
 * balance and mode), and days given to one of them: from the pool, with the reason the ledger
 * requires, once per click (an Idempotency-Key per attempt, so a repeated request moves nothing twice).
 */
export function Customers({ locale }: { locale: Locale }) {
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values);
  const [balanceBelow, setBalanceBelow] = useState('');
  const [mode, setMode] = useState<'' | 'AUTOMATIC' | 'MANUAL'>('');
  const [version, setVersion] = useState(0);
  const list = useRead(locale, () => api.GET('/api/v1/admin/customers', { params: { query: {
    ...(balanceBelow ? { balanceBelow: Number(balanceBelow) } : {}), ...(mode ? { allocationMode: mode } : {}), limit: 100 } } }),
  [locale, balanceBelow, mode, version]);
  const [customerId, setCustomerId] = useState('');
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  const give = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    const { data, error } = await api.POST('/api/v1/ledger/allocations', {
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { customerId: customerId.trim(), days: Number(days), reference: reason.trim() },
    });
    if (data) {
      setOutcome({ ok: true, text: t('customers.given', { days: formatDays(locale, data.days ?? 0), customer: customerId.trim(),
        balance: formatDays(locale, data.balanceDays ?? 0) }) });
      setDays('');
      setReason('');
      setVersion((v) => v + 1);
    } else {
      setOutcome({ ok: false, text: describeProblem(error as Problem, locale) });
    }
  };

  return (
    <section aria-labelledby="customers-title">
      <h2 id="customers-title">{t('customers.title')}</h2>
      <div className="filters">
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
      {list.state === 'loading' && <p aria-busy="true">{t('state.loading')}</p>}
      {list.state === 'failed' && <p role="alert">{list.message}</p>}
      {list.state === 'done' && ((list.data.items ?? []).length === 0 ? <p>{t('customers.none')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('customers.customer')}</th><th scope="col">{t('customers.plan')}</th>
            <th scope="col">{t('customers.mode')}</th><th scope="col">{t('home.balance')}</th><th scope="col">{t('home.channels')}</th>
          </tr></thead>
          <tbody>
            {(list.data.items ?? []).map((c) => (
              <tr key={c.customerId}>
                <td>{c.customerId}</td><td>{c.planName ?? '—'} {c.subscriptionStatus ? `(${c.subscriptionStatus})` : ''}</td>
                <td>{c.allocationMode ?? '—'}</td><td data-testid={`balance-${c.customerId}`}>{formatDays(locale, c.balanceDays ?? 0)}</td>
                <td>{c.channels ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form className="panel" onSubmit={give}>
        <h3>{t('customers.give')}</h3>
        <label htmlFor="give-customer">{t('customers.customer')}</label>
        <input id="give-customer" required value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
        <label htmlFor="give-days">{t('customers.days')}</label>
        <input id="give-days" type="number" min="1" max="36600" required value={days} onChange={(e) => setDays(e.target.value)} />
        <label htmlFor="give-reason">{t('customers.reason')}</label>
        <input id="give-reason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="actions"><button type="submit">{t('customers.give-button')}</button></div>
      </form>
      {outcome && <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : undefined}>{outcome.text}</p>}
    </section>
  );
}
