import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, retryAfterSeconds, useT } from './common';

/** A QR is read again this long before WHAPI says it expires, so the one on screen always scans. */
const REFRESH_MARGIN_S = 5;
const DEFAULT_LIFETIME_S = 20;
/** A refused read (the channel still starting) is tried again after this, or after the refusal's Retry-After. */
const RETRY_S = 3;

/**
 * When to read the QR again, in seconds: before the one shown expires, or, after a refusal, when the
 * refusal says (WHAPI restarting a channel that just went live) or a little later. Never sooner than 2 s.
 */
export function nextQrRead(read: { lifetime?: number } | { refused: true; retryAfter?: number }): number {
  const seconds = 'refused' in read ? (read.retryAfter ?? RETRY_S) : (read.lifetime ?? DEFAULT_LIFETIME_S) - REFRESH_MARGIN_S;
  return Math.min(60, Math.max(2, seconds));
}

/**
 * Linking a phone: the QR code to scan in WhatsApp (Linked devices), read again before it expires,
 * or a pairing code to type on the phone instead. The channel's page shows the link once it happens.
 */
export function ChannelLink({ locale, id }: { locale: Locale; id: string }) {
  const t = useT(locale);
  const [qr, setQr] = useState<{ image?: string; problem?: Outcome; at: number }>({ at: 0 });
  const [phone, setPhone] = useState('');
  const [pairing, setPairing] = useState<Outcome>();

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const read = async () => {
      const { data, error, response } = await api.GET('/api/v1/channels/{id}/qr', { params: { path: { id } } });
      if (!live) return;
      const retryAfter = retryAfterSeconds(response);
      // a refusal that says when to come back (WHAPI restarting the channel) is a wait, not an error: the page comes back by itself
      setQr(data?.image ? { image: data.image, at: Date.now() }
        : { problem: retryAfter !== undefined ? { ok: true, text: t('link.restarting', { seconds: retryAfter }) } : problemOutcome(error, locale),
          at: Date.now() });
      timer = window.setTimeout(read, 1000 * nextQrRead(data?.image ? { lifetime: data.expiresInSeconds } : { refused: true, retryAfter }));
    };
    void read();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [id, locale, t]);

  const askPairingCode = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error } = await api.POST('/api/v1/channels/{id}/pairing-code', { params: { path: { id } }, body: { phone: phone.trim() } });
    setPairing(data?.code ? { ok: true, text: t('link.pairing-code', { code: data.code }) } : problemOutcome(error, locale));
  };

  return (
    <div className="panel wide link">
      <h3>{t('link.title')}</h3>
      <p>{t('link.how')}</p>
      {qr.image ? <img src={qr.image} alt={t('link.qr-alt')} width={264} height={264} data-testid="qr" data-read-at={qr.at} />
        : qr.problem ? <OutcomeLine outcome={qr.problem} /> : <p aria-busy="true">{t('state.loading')}</p>}
      <form onSubmit={askPairingCode}>
        <label htmlFor="pairing-phone">{t('link.pairing-phone')}</label>
        <div className="actions">
          <input id="pairing-phone" inputMode="tel" autoComplete="tel" placeholder="6281234567890" value={phone}
                 onChange={(e) => setPhone(e.target.value)} />
          <button type="submit" disabled={!phone.trim()}>{t('link.pairing-button')}</button>
        </div>
      </form>
      <OutcomeLine outcome={pairing} testId="pairing-code" />
    </div>
  );
}
