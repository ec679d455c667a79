import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';

const FIELDS = ['clientId', 'secretKey', 'projectId', 'callbackToken', 'environment'] as const;
type Field = (typeof FIELDS)[number];
/** The fields that are secrets: typed hidden, shown back masked. */
const SECRET: ReadonlySet<Field> = new Set(['secretKey', 'callbackToken']);

/** Wappin's credentials: any of them changed (an empty field keeps what is stored), secrets shown masked, who changed them when. */
export function WappinSettings({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const current = useRead(locale, () => api.GET('/api/v1/admin/wappin/settings'), [locale, version]);
  const [form, setForm] = useState<Record<Field, string>>({ clientId: '', secretKey: '', projectId: '', callbackToken: '', environment: '' });
  const [outcome, setOutcome] = useState<Outcome>();
  const changed = FIELDS.filter((f) => form[f].trim());

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = Object.fromEntries(changed.map((f) => [f, form[f].trim()]));
    const { data, error } = await api.PUT('/api/v1/admin/wappin/settings', { body });
    if (data) {
      setForm({ clientId: '', secretKey: '', projectId: '', callbackToken: '', environment: '' });
      setOutcome({ ok: true, text: t('wappin.saved') });
      bump();
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };

  return (
    <section aria-labelledby="wappin-title">
      <h2 id="wappin-title">{t('wappin.title')}</h2>
      <ReadState read={current} t={t} />
      {current.state === 'done' && (
        <dl className="figures">
          {FIELDS.map((f) => <div key={f}><dt>{t(`wappin.${f}`)}</dt><dd data-testid={`wappin-${f}`}>{current.data[f] ?? t('whapi.none')}</dd></div>)}
          <div><dt>{t('whapi.updated')}</dt>
            <dd>{current.data.updatedAt ? `${formatInstant(locale, current.data.updatedAt)} · ${current.data.updatedBy ?? ''}` : current.data.source ?? '—'}</dd></div>
        </dl>
      )}
      <form className="panel" onSubmit={save}>
        <p>{t('wappin.keep')}</p>
        {FIELDS.map((f) => (
          <div key={f} className="field">
            <label htmlFor={`wappin-${f}-input`}>{t(`wappin.${f}`)}</label>
            <input id={`wappin-${f}-input`} type={SECRET.has(f) ? 'password' : 'text'} autoComplete="off" value={form[f]}
                   onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
          </div>
        ))}
        <div className="actions"><button type="submit" disabled={changed.length === 0}>{t('whapi.save')}</button></div>
      </form>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
