import { api } from '../api/client';
import { formatDays, formatInstant, type Locale, translate } from '../i18n';
import { useRead } from './useRead';
import { Columns, Rows } from './Charts';

/** The operator's overview: customers, the day balances, spending and runway, what to buy from WHAPI, the fleet. */
export function Overview({ locale }: { locale: Locale }) {
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values);
  const read = useRead(locale, () => api.GET('/api/v1/admin/overview'), [locale]);
  if (read.state === 'loading') {
    return <p aria-busy="true">{t('state.loading')}</p>;
  }
  if (read.state === 'failed') {
    return <p role="alert">{read.message}</p>;
  }
  const { days, channels, missing } = read.data;
  const number = new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">{t('overview.title')}</h2>
      {missing && missing.length > 0 && <p role="alert">{t('overview.missing', { parts: missing.join(', ') })}</p>}
      {days && (
        <dl className="figures">
          <div><dt>{t('overview.customers')}</dt><dd>{number.format(days.customers?.total ?? 0)}</dd></div>
          <div><dt>{t('overview.pool')}</dt><dd data-testid="pool-days">{formatDays(locale, days.poolDays ?? 0)}</dd></div>
          <div><dt>{t('overview.customer-days')}</dt><dd>{formatDays(locale, days.customerDays ?? 0)}</dd></div>
          <div><dt>{t('overview.spent7')}</dt><dd>{formatDays(locale, days.spent?.last7Days ?? 0)}</dd></div>
          <div><dt>{t('overview.runway')}</dt>
            <dd>{days.forecast?.poolRunwayDays == null ? '—' : formatDays(locale, Math.floor(days.forecast.poolRunwayDays))}</dd></div>
          <div><dt>{t('overview.buy30')}</dt><dd>{formatDays(locale, days.forecast?.buy?.next30Days ?? 0)}</dd></div>
          {days.partnerDays && (
            <div><dt>{t('overview.partner')}</dt>
              <dd>{formatDays(locale, days.partnerDays.days ?? 0)}
                {days.partnerDays.receivedAt && ` (${formatInstant(locale, days.partnerDays.receivedAt as unknown as string)})`}</dd></div>
          )}
        </dl>
      )}
      {days && (
        <div className="charts">
          <Rows title={t('overview.runway-chart')} format={(n) => formatDays(locale, n)} empty={t('overview.nothing')} bars={[
            { label: t('overview.pool'), value: days.poolDays ?? 0 },
            { label: t('overview.buy-within', { days: 7 }), value: days.forecast?.buy?.next7Days ?? 0 },
            { label: t('overview.buy-within', { days: 30 }), value: days.forecast?.buy?.next30Days ?? 0 },
            { label: t('overview.buy-within', { days: 60 }), value: days.forecast?.buy?.next60Days ?? 0 },
          ]} />
          <Columns title={t('overview.spent-chart')} format={(n) => formatDays(locale, n)} empty={t('overview.nothing')}
                   bars={(days.spent?.perDay ?? []).map((d) => ({ label: (d.date ?? '').slice(5), value: d.days ?? 0 }))} />
        </div>
      )}
      {channels && (
        <>
          <h3>{t('overview.channels', { count: channels.total ?? 0 })}</h3>
          <dl className="figures">
            {Object.entries(channels.byState ?? {}).map(([state, count]) => (
              <div key={state}><dt>{state}</dt><dd>{number.format(Number(count))}</dd></div>
            ))}
            <div><dt>{t('overview.expiring7')}</dt><dd>{number.format(channels.expiring?.within7Days ?? 0)}</dd></div>
          </dl>
          <Rows title={t('overview.health-chart')} format={(n) => number.format(n)} empty={t('overview.no-channels')}
                   bars={Object.entries(channels.byHealth ?? {}).map(([health, count]) => ({ label: health, value: Number(count) }))} />
        </>
      )}
    </section>
  );
}
