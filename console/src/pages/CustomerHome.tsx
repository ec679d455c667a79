import { api } from '../api/client';
import { formatDays, type Locale, translate } from '../i18n';
import { useRead } from './useRead';

/** The customer's start: its day balance and its channels. */
export function CustomerHome({ locale, customerId }: { locale: Locale; customerId: string }) {
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values);
  const balance = useRead(locale, () => api.GET('/api/v1/customers/{customerId}/balance', { params: { path: { customerId } } }),
    [locale, customerId]);
  const channels = useRead(locale, () => api.GET('/api/v1/channels'), [locale, customerId]);
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">{t('home.title')}</h2>
      {balance.state === 'loading' && <p aria-busy="true">{t('state.loading')}</p>}
      {balance.state === 'failed' && <p role="alert">{balance.message}</p>}
      {balance.state === 'done' && (
        <dl className="figures">
          <div><dt>{t('home.balance')}</dt><dd data-testid="balance-days">{formatDays(locale, balance.data.balanceDays ?? 0)}</dd></div>
        </dl>
      )}
      <h3>{t('home.channels')}</h3>
      {channels.state === 'loading' && <p aria-busy="true">{t('state.loading')}</p>}
      {channels.state === 'failed' && <p role="alert">{channels.message}</p>}
      {channels.state === 'done' && (channels.data.length === 0 ? <p>{t('home.no-channels')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('home.channel')}</th><th scope="col">{t('home.state')}</th><th scope="col">{t('home.link')}</th></tr></thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id}><td>{c.name}</td><td>{c.state} · {c.mode}</td><td>{c.linkStatus}</td></tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
