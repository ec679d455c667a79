import { useState } from 'react';
import type { Locale } from '../i18n';
import { useT } from './common';

/** Copies a secret shown once to the clipboard, and says whether it did (a browser may refuse). */
export function CopyButton({ locale, text }: { locale: Locale; text: string }) {
  const t = useT(locale);
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(t('copy.done'));
    } catch {
      setSaid(t('copy.refused'));
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>{t('copy.button')}</button>
      <span role="status">{said}</span>
    </>
  );
}
