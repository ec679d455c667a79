import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { Choices, ShownOnce } from './ShownOnce';
import { useRead } from './useRead';

/** What a key may do, as the platform names it (docs/api-keys.md). */
const SCOPES = ['channels:read', 'channels:write', 'messages:read', 'messages:send', 'billing:read', 'billing:write', 'webhooks:manage'];

/** The customer's API keys for its own systems: created with scopes (the key shown this once), listed by prefix, revoked. */
export function ApiKeys({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const keys = useRead(locale, () => api.GET('/api/v1/api-keys'), [locale, version]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['channels:read', 'messages:read']);
  const [key, setKey] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setKey(undefined);
    const { data, error } = await api.POST('/api/v1/api-keys', { body: { name: name.trim(), scopes } });
    if (data?.key) {
      setKey(data.key);
      setOutcome({ ok: true, text: t('keys.created') });
      setName('');
      bump();
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  const revoke = async (id: string) => {
    const { error, response } = await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } });
    setOutcome(response.ok ? { ok: true, text: t('keys.revoked') } : problemOutcome(error, locale));
    bump();
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keys.title')}</h2>
      <ReadState read={keys} t={t} />
      {keys.state === 'done' && (keys.data.length === 0 ? <p>{t('keys.none')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('keys.name')}</th><th scope="col">{t('keys.prefix')}</th><th scope="col">{t('keys.scopes')}</th>
            <th scope="col">{t('keys.last-used')}</th><th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th></tr></thead>
          <tbody>{keys.data.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td><td><code>{k.prefix}…</code></td><td>{(k.scopes ?? []).join(', ')}</td>
              <td>{k.lastUsedAt ? formatInstant(locale, k.lastUsedAt) : '—'}</td>
              <td>{k.revokedAt ? t('keys.revoked-at', { at: formatInstant(locale, k.revokedAt) })
                : <button type="button" onClick={() => revoke(k.id!)}>{t('keys.revoke')}</button>}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <form className="panel" onSubmit={create}>
        <h3>{t('keys.new')}</h3>
        <label htmlFor="key-name">{t('keys.name')}</label>
        <input id="key-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <Choices legend={t('keys.scopes')} values={SCOPES} chosen={scopes} onChange={setScopes} />
        <div className="actions"><button type="submit" disabled={!name.trim() || scopes.length === 0}>{t('keys.create')}</button></div>
      </form>
      <OutcomeLine outcome={outcome} />
      {key && <ShownOnce locale={locale} label={t('keys.key')} advice={t('keys.once')} secret={key} testId="api-key" />}
    </section>
  );
}
