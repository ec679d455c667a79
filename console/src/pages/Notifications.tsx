import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, useT, useVersion } from './common';
import { useRead } from './useRead';

/** The events a rule may answer with a WhatsApp notification to the customer (docs/notifications.md). */
const EVENTS = ['PlanActivated', 'DaysAllocated', 'BalanceLow', 'BalanceDepleted', 'ChannelExtended', 'ChannelStatusChanged'];

/**
 * Wappin's approved templates (registered with their parameter count, checked before each send) and
 * the rules that send one to the customer on an event, its parameters filled from the event's fields.
 */
export function Notifications({ locale }: { locale: Locale }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const templates = useRead(locale, () => api.GET('/api/v1/admin/templates'), [locale, version]);
  const rules = useRead(locale, () => api.GET('/api/v1/admin/notification-rules'), [locale, version]);
  const [template, setTemplate] = useState({ name: '', paramCount: '1', sms: false });
  const [rule, setRule] = useState({ event: EVENTS[0], template: '', params: '' });
  const [outcome, setOutcome] = useState<Outcome>();

  const putTemplate = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.PUT('/api/v1/admin/templates/{name}', {
      params: { path: { name: template.name.trim() } }, body: { paramCount: Number(template.paramCount), sms: template.sms } });
    setOutcome(data ? { ok: true, text: t('notifications.template-saved', { name: template.name.trim() }) } : problemOutcome(error, locale));
    if (data) bump();
  };
  const putRule = async (event: FormEvent) => {
    event.preventDefault();
    const params = rule.params.split(',').map((p) => p.trim()).filter((p) => p);
    const { data, error } = await api.PUT('/api/v1/admin/notification-rules/{event}', {
      params: { path: { event: rule.event } }, body: { template: rule.template.trim(), params, enabled: true } });
    setOutcome(data ? { ok: true, text: t('notifications.rule-saved', { event: rule.event }) } : problemOutcome(error, locale));
    if (data) bump();
  };
  const deleteRule = async (event: string) => {
    const { error, response } = await api.DELETE('/api/v1/admin/notification-rules/{event}', { params: { path: { event } } });
    setOutcome(response.ok ? { ok: true, text: t('notifications.rule-deleted', { event }) } : problemOutcome(error, locale));
    bump();
  };

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t('notifications.title')}</h2>
      <OutcomeLine outcome={outcome} />
      <h3>{t('notifications.rules')}</h3>
      <ReadState read={rules} t={t} />
      {rules.state === 'done' && (rules.data.length === 0 ? <p>{t('notifications.no-rules')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('notifications.event')}</th><th scope="col">{t('notifications.template')}</th>
            <th scope="col">{t('notifications.params')}</th><th scope="col"><span className="visually-hidden">{t('channel.actions')}</span></th></tr></thead>
          <tbody>{rules.data.map((r) => (
            <tr key={r.eventType}><td>{r.eventType}</td><td>{r.template}</td><td>{Object.values(r.params ?? {}).join(', ')}</td>
              <td><button type="button" onClick={() => deleteRule(r.eventType!)}
                          aria-label={t('notifications.delete-rule', { event: r.eventType ?? '' })}>{t('webhooks.delete')}</button></td></tr>
          ))}</tbody>
        </table>
      ))}
      <form className="panel" onSubmit={putRule}>
        <h3>{t('notifications.new-rule')}</h3>
        <label htmlFor="rule-event">{t('notifications.event')}</label>
        <select id="rule-event" value={rule.event} onChange={(e) => setRule({ ...rule, event: e.target.value })}>
          {EVENTS.map((e) => <option key={e} value={e}>{e}</option>)}
        </select>
        <label htmlFor="rule-template">{t('notifications.template')}</label>
        <input id="rule-template" required value={rule.template} onChange={(e) => setRule({ ...rule, template: e.target.value })} />
        <label htmlFor="rule-params">{t('notifications.params-hint')}</label>
        <input id="rule-params" placeholder="{customerId}, {days}" value={rule.params} onChange={(e) => setRule({ ...rule, params: e.target.value })} />
        <div className="actions"><button type="submit">{t('whapi.save')}</button></div>
      </form>
      <h3>{t('notifications.templates')}</h3>
      <ReadState read={templates} t={t} />
      {templates.state === 'done' && (templates.data.length === 0 ? <p>{t('notifications.no-templates')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('notifications.template')}</th><th scope="col">{t('notifications.param-count')}</th>
            <th scope="col">SMS</th></tr></thead>
          <tbody>{templates.data.map((m) => (
            <tr key={m.name}><td>{m.name}</td><td>{m.paramCount}</td><td>{m.sms ? '✓' : '—'}</td></tr>
          ))}</tbody>
        </table>
      ))}
      <form className="panel" onSubmit={putTemplate}>
        <h3>{t('notifications.new-template')}</h3>
        <label htmlFor="template-name">{t('notifications.template')}</label>
        <input id="template-name" required pattern="[A-Za-z0-9_]+" value={template.name} onChange={(e) => setTemplate({ ...template, name: e.target.value })} />
        <label htmlFor="template-params">{t('notifications.param-count')}</label>
        <input id="template-params" type="number" min="0" max="20" required value={template.paramCount}
               onChange={(e) => setTemplate({ ...template, paramCount: e.target.value })} />
        <label className="check"><input type="checkbox" checked={template.sms} onChange={(e) => setTemplate({ ...template, sms: e.target.checked })} />{' '}
          {t('notifications.sms')}</label>
        <div className="actions"><button type="submit">{t('whapi.save')}</button></div>
      </form>
    </section>
  );
}
