import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { formatInstant, type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, ReadState, retryAfterSeconds, useInterval, useT, useVersion } from './common';
import { useRead } from './useRead';

/** The statuses after which a sent message changes no more. */
const FINAL = new Set(['READ', 'FAILED', 'DELETED']);
/** The longest wait the page accepts from a Retry-After, and how many such waits, before it gives the refusal to the person instead. */
const LONGEST_WAIT_S = 90;
const MOST_WAITS = 5;

/**
 * A linked channel's messages: send a text (waiting on its own while WHAPI restarts a channel that
 * just went live, with the same Idempotency-Key, so it is sent once), follow its statuses until READ,
 * and the channel's chats and latest messages.
 */
export function ChannelMessages({ locale, id }: { locale: Locale; id: string }) {
  const t = useT(locale);
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [followed, setFollowed] = useState<string>();
  const [version, bump] = useVersion();
  const mounted = useRef(true);
  useEffect(() => () => { mounted.current = false; }, []);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    const key = crypto.randomUUID();
    for (let waits = 0; ; waits++) {
      const { data, error, response } = await api.POST('/api/v1/channels/{id}/messages', {
        params: { path: { id }, header: { 'Idempotency-Key': key } }, body: { to: to.trim(), type: 'text', text } });
      if (!mounted.current) return;
      const wait = retryAfterSeconds(response);
      if (!data && response.status === 503 && wait !== undefined && wait <= LONGEST_WAIT_S && waits < MOST_WAITS) {
        setOutcome({ ok: true, text: t('send.waiting', { seconds: wait }) });
        await new Promise((resolve) => window.setTimeout(resolve, wait * 1000));
        if (!mounted.current) return;
        continue;
      }
      setBusy(false);
      if (data?.id) {
        setFollowed(data.id);
        setText('');
        setOutcome({ ok: true, text: t('send.sent') });
        bump();
      } else {
        setOutcome(problemOutcome(error, locale));
      }
      return;
    }
  };

  return (
    <>
      <form className="panel" onSubmit={send}>
        <h3>{t('send.title')}</h3>
        <label htmlFor="send-to">{t('send.to')}</label>
        <input id="send-to" required inputMode="tel" placeholder="+62 812-3456-7890" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="send-text">{t('send.text')}</label>
        <textarea id="send-text" required maxLength={4096} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        <div className="actions"><button type="submit" disabled={busy || !to.trim() || !text.trim()}>{t('send.button')}</button></div>
        <OutcomeLine outcome={outcome} />
      </form>
      {followed && <FollowedMessage locale={locale} channelId={id} messageId={followed} />}
      <History locale={locale} id={id} version={version} />
    </>
  );
}

/** One sent message's statuses as WHAPI reports them, read again until it is READ (or failed). */
function FollowedMessage({ locale, channelId, messageId }: { locale: Locale; channelId: string; messageId: string }) {
  const t = useT(locale);
  const [version, bump] = useVersion();
  const message = useRead(locale, () => api.GET('/api/v1/channels/{id}/messages/{messageId}', {
    params: { path: { id: channelId, messageId } } }), [locale, messageId, version], true);
  const final = message.state === 'done' && FINAL.has(message.data.status ?? '');
  useInterval(bump, final ? null : 1500);
  return (
    <div className="panel wide">
      <h3>{t('send.followed')}</h3>
      <ReadState read={message} t={t} />
      {message.state === 'done' && (
        <>
          <p>{t('send.status')}: <strong data-testid="message-status" aria-live="polite">{message.data.status}</strong></p>
          <ol className="timeline">
            {(message.data.timeline ?? []).map((step) => (
              <li key={`${step.status}-${step.at}`}>{step.status} <small>{step.at ? formatInstant(locale, step.at) : ''}</small></li>
            ))}
          </ol>
          {message.data.failure && <p role="alert">{message.data.failure}</p>}
        </>
      )}
    </div>
  );
}

/** The channel's chats and its latest messages, newest first, read again every few seconds. */
function History({ locale, id, version }: { locale: Locale; id: string; version: number }) {
  const t = useT(locale);
  const [tick, bump] = useVersion();
  useInterval(bump, 5000);
  const chats = useRead(locale, () => api.GET('/api/v1/channels/{id}/chats', { params: { path: { id } } }), [locale, id, version, tick], true);
  const messages = useRead(locale, () => api.GET('/api/v1/channels/{id}/messages', { params: { path: { id }, query: { size: 20 } } }),
    [locale, id, version, tick], true);
  return (
    <div className="panel wide">
      <h3>{t('history.chats')}</h3>
      <ReadState read={chats} t={t} />
      {chats.state === 'done' && (chats.data.length === 0 ? <p>{t('history.no-chats')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('history.chat')}</th><th scope="col">{t('history.sent')}</th>
            <th scope="col">{t('history.received')}</th><th scope="col">{t('history.last')}</th></tr></thead>
          <tbody>{chats.data.map((c) => (
            <tr key={c.chatId}><td>{c.chatId}</td><td>{c.sent}</td><td>{c.received}</td>
              <td>{c.lastMessageAt ? formatInstant(locale, c.lastMessageAt) : '—'}</td></tr>
          ))}</tbody>
        </table>
      ))}
      <h3>{t('history.messages')}</h3>
      <ReadState read={messages} t={t} />
      {messages.state === 'done' && (messages.data.length === 0 ? <p>{t('history.no-messages')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('activity.when')}</th><th scope="col">{t('history.direction')}</th>
            <th scope="col">{t('history.chat')}</th><th scope="col">{t('send.text')}</th><th scope="col">{t('send.status')}</th></tr></thead>
          <tbody>{messages.data.map((m) => (
            <tr key={m.id}><td>{m.createdAt ? formatInstant(locale, m.createdAt) : ''}</td><td>{t(`history.${m.direction}`)}</td>
              <td>{m.chatId}</td><td>{m.text ?? m.type}</td><td>{m.status}</td></tr>
          ))}</tbody>
        </table>
      ))}
    </div>
  );
}
