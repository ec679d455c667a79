import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatDays, formatMoney, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';

/** The plans on offer (retired ones too, marked): a new plan, and retiring one (never deleted: subscriptions point at it). */
export function Plans({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const plans = useRead(locale, () => api.GET('/api/v1/plans', { params: { query: { includeRetired: true } } }), [locale, version]);
  const [form, setForm] = useState({ name: '', maxChannels: '1', periodDays: '30', extensionDays: '30', price: '', currency: 'IDR', creationMinimumDays: '' });
  const [outcome, setOutcome] = useState<Outcome>();
  const field = (name: keyof typeof form) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.POST('/api/v1/plans', { body: { name: form.name.trim(), maxChannels: Number(form.maxChannels),
      periodDays: Number(form.periodDays), extensionDays: Number(form.extensionDays), price: Number(form.price), currency: form.currency.trim(),
      // empty: the customer's allocation mode decides (AUTOMATIC: the days per extension, MANUAL: none)
      creationMinimumDays: form.creationMinimumDays.trim() === '' ? undefined : Number(form.creationMinimumDays) } });
    if (data) {
      setOutcome({ ok: true, text: t('plans.created', { name: data.name ?? '' }) });
      setForm({ ...form, name: '', price: '' });
      bump();
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  const retire = async (id: string, name: string) => {
    const { data, error } = await api.POST('/api/v1/plans/{id}/retire', { params: { path: { id } } });
    setOutcome(data ? { ok: true, text: t('plans.retired', { name }) } : problemOutcome(error, locale));
    bump();
  };

  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title">{t('plans.title')}</h2>
      <ReadState read={plans} t={t} />
      {plans.state === 'done' && (plans.data.length === 0 ? <p>{t('plans.none')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('plans.name')}</th><th scope="col">{t('plans.channels')}</th><th scope="col">{t('plans.period')}</th>
            <th scope="col">{t('plans.extension')}</th><th scope="col">{t('plans.creation-minimum')}</th><th scope="col">{t('plans.price')}</th>
            <th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th></tr></thead>
          <tbody>{plans.data.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td><td>{p.maxChannels}</td><td>{formatDays(locale, p.periodDays ?? 0)}</td>
              <td>{formatDays(locale, p.extensionDays ?? 0)}</td>
              <td>{p.creationMinimumDays == null ? t('plans.by-mode') : formatDays(locale, p.creationMinimumDays)}</td><td>{formatMoney(locale, p.price ?? 0, p.currency ?? 'IDR')}</td>
              <td>{p.active ? <button type="button" onClick={() => retire(p.id!, p.name ?? '')}
                                      aria-label={t('plans.retire-named', { name: p.name ?? '' })}>{t('plans.retire')}</button>
                : t('plans.is-retired')}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <form className="panel" onSubmit={create}>
        <h3>{t('plans.new')}</h3>
        <label htmlFor="plan-name">{t('plans.name')}</label>
        <input id="plan-name" required maxLength={100} {...field('name')} />
        <label htmlFor="plan-channels">{t('plans.channels')}</label>
        <input id="plan-channels" type="number" min="1" required {...field('maxChannels')} />
        <label htmlFor="plan-period">{t('plans.period-days')}</label>
        <input id="plan-period" type="number" min="1" required {...field('periodDays')} />
        <label htmlFor="plan-extension">{t('plans.extension-days')}</label>
        <input id="plan-extension" type="number" min="1" required {...field('extensionDays')} />
        <label htmlFor="plan-minimum">{t('plans.creation-minimum-field')}</label>
        <input id="plan-minimum" type="number" min="0" max="3660" placeholder={t('plans.by-mode')} {...field('creationMinimumDays')} />
        <label htmlFor="plan-price">{t('plans.price')}</label>
        <input id="plan-price" type="number" min="0" step="any" required {...field('price')} />
        <label htmlFor="plan-currency">{t('plans.currency')}</label>
        <input id="plan-currency" required maxLength={3} {...field('currency')} />
        <div className="actions"><button type="submit">{t('plans.create')}</button></div>
      </form>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
