import { useState } from 'react';
import type { Locale } from '../i18n';
import { useT } from './common';

/**
 * A secret the platform shows this once (a webhook's signing secret, an API key): in a region of its
 * own, with what to do with it and a copy button that says whether the browser let it copy.
 */
export function ShownOnce({ locale, label, advice, secret, testId }: { locale: Locale; label: string; advice: string; secret: string;
  testId: string }) {
  const t = useT(locale);
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setSaid(t('copy.done'));
    } catch {
      setSaid(t('copy.refused'));
    }
  };
  return (
    <div className="panel secret" role="region" aria-label={label}>
      <p>{advice}</p>
      <code data-testid={testId}>{secret}</code>
      <button type="button" onClick={copy}>{t('copy.button')}</button>
      <span role="status">{said}</span>
    </div>
  );
}

/** A set of checkboxes for the values a list may hold (event types, scopes), under one legend. */
export function Choices({ legend, values, chosen, onChange }: { legend: string; values: readonly string[]; chosen: string[];
  onChange: (chosen: string[]) => void }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value} className="check">
          <input type="checkbox" checked={chosen.includes(value)}
                 onChange={(e) => onChange(e.target.checked ? [...chosen, value] : chosen.filter((x) => x !== value))} /> {value}
        </label>
      ))}
    </fieldset>
  );
}
