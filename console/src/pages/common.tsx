import { useCallback, useEffect, useRef, useState } from 'react';
import { type Locale, translate } from '../i18n';
import { describeProblem, type Problem } from '../problem';
import type { Read } from './useRead';

/** A page's translator: the text of a key in the reader's language, with {name} placeholders filled. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function useT(locale: Locale): Translate {
  return useCallback((key, values) => translate(locale, key, undefined, values), [locale]);
}

/** What an action ended with, as the page says it: a confirmation, or the problem in the reader's words. */
export type Outcome = { ok: boolean; text: string } | undefined;

export function problemOutcome(error: unknown, locale: Locale): Outcome {
  return { ok: false, text: describeProblem(error as Problem | undefined, locale) };
}

/** An outcome on the page: a polite status when it went well, an alert when it did not. */
export function OutcomeLine({ outcome, testId }: { outcome: Outcome; testId?: string }) {
  if (!outcome) return null;
  return <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : undefined} data-testid={testId}>{outcome.text}</p>;
}

/** A read while it loads or when it failed (the problem said in words); nothing once it is done. */
export function ReadState<T>({ read, t }: { read: Read<T>; t: Translate }) {
  if (read.state === 'loading') return <p aria-busy="true">{t('state.loading')}</p>;
  if (read.state === 'failed') return <p role="alert">{read.message}</p>;
  return null;
}

/** A file the API answered (a CSV), saved by the browser under {@code name}. */
export function saveBlob(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Calls {@code tick} every {@code ms} while the page shows it (and not while {@code ms} is null). */
export function useInterval(tick: () => void, ms: number | null): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (ms === null) return undefined;
    const timer = window.setInterval(() => latest.current(), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
}

/** A counter a page bumps to read again after a write it made. */
export function useVersion(): [number, () => void] {
  const [version, setVersion] = useState(0);
  return [version, useCallback(() => setVersion((v) => v + 1), [])];
}

/** The seconds a refusal asks to wait (its Retry-After header), if it asks. */
export function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** A link to another page of the console (hash routes: the back button works, nothing reaches the server). */
export function go(route: string): void {
  window.location.hash = `#${route}`;
}
