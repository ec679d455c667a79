import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale, translate } from '../i18n';
import { describeProblem, type Problem } from '../problem';
import { useRead } from './useRead';

/**
 * WHAPI's partner token and project: pasted with or without its "Bearer " prefix, saved (sealed by
 * channel-service, shown back masked), tested with a clear result. Every outcome is said on the
 * page: this is the screen an operator once saw fail silently (the customer's first brief).
 */
export function WhapiSettings({ locale }: { locale: Locale }) {
  const t = (key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values);
  const [version, setVersion] = useState(0);
  const current = useRead(locale, () => api.GET('/api/v1/admin/whapi/settings'), [locale, version]);
  const [token, setToken] = useState('');
  const [projectId, setProjectId] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    const body = { ...(token.trim() ? { partnerToken: token.trim() } : {}), ...(projectId.trim() ? { projectId: projectId.trim() } : {}) };
    const { data, error } = await api.PUT('/api/v1/admin/whapi/settings', { body });
    setBusy(false);
    if (data) {
      setToken('');
      setProjectId('');
      setVersion((v) => v + 1);
      setOutcome({ ok: true, text: t('whapi.saved', { token: data.partnerToken ?? '—' }) });
    } else {
      setOutcome({ ok: false, text: describeProblem(error as Problem, locale) });
    }
  };

  const test = async () => {
    setBusy(true);
    setOutcome(undefined);
    const { data, error } = await api.POST('/api/v1/admin/whapi/settings/test');
    setBusy(false);
    setOutcome(data ? { ok: !!data.ok, text: (data.ok ? t('whapi.test-ok') : t('whapi.test-failed')) + ` ${data.detail ?? ''}` }
      : { ok: false, text: describeProblem(error as Problem, locale) });
  };

  return (
    <section aria-labelledby="whapi-title">
      <h2 id="whapi-title">{t('whapi.title')}</h2>
      {current.state === 'loading' && <p aria-busy="true">{t('state.loading')}</p>}
      {current.state === 'failed' && <p role="alert">{current.message}</p>}
      {current.state === 'done' && (
        <dl className="figures">
          <div><dt>{t('whapi.token')}</dt><dd data-testid="whapi-token">{current.data.partnerToken ?? t('whapi.none')}</dd></div>
          <div><dt>{t('whapi.project')}</dt><dd>{current.data.projectId ?? '—'}</dd></div>
          <div><dt>{t('whapi.updated')}</dt>
            <dd>{current.data.updatedAt ? `${formatInstant(locale, current.data.updatedAt as unknown as string)} · ${current.data.updatedBy ?? ''}` : '—'}</dd></div>
        </dl>
      )}
      <form className="panel" onSubmit={save}>
        <label htmlFor="whapi-token-input">{t('whapi.token-input')}</label>
        <input id="whapi-token-input" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)}
               placeholder="Bearer …" />
        <label htmlFor="whapi-project-input">{t('whapi.project-input')}</label>
        <input id="whapi-project-input" value={projectId} onChange={(e) => setProjectId(e.target.value)} />
        <div className="actions">
          <button type="submit" disabled={busy || (!token.trim() && !projectId.trim())}>{t('whapi.save')}</button>
          <button type="button" disabled={busy} onClick={test}>{t('whapi.test')}</button>
        </div>
      </form>
      {outcome && <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : undefined}>{outcome.text}</p>}
    </section>
  );
}
