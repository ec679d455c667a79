import { useEffect, useState } from 'react';
import type { Locale } from '../i18n';
import { describeProblem, type Problem } from '../problem';

/** A read of the API as a page shows it: loading, the data, or the problem in the reader's words. */
export type Read<T> = { state: 'loading' } | { state: 'done'; data: T } | { state: 'failed'; message: string };

/**
 * Reads again whenever {@code deps} change. A page that follows something live passes {@code quiet}:
 * what it shows stays on screen while the next read is under way, instead of flashing "Loading".
 */
export function useRead<T>(locale: Locale, read: () => Promise<{ data?: T; error?: unknown; response: Response }>,
                           deps: readonly unknown[], quiet = false): Read<T> {
  const [result, setResult] = useState<Read<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    if (!quiet) setResult({ state: 'loading' });
    read().then(({ data, error, response }) => {
      if (!live) return;
      if (data !== undefined && response.ok) {
        setResult({ state: 'done', data });
      } else {
        setResult({ state: 'failed', message: describeProblem(error as Problem | undefined, locale) });
      }
    }, (failure: unknown) => live && setResult({ state: 'failed', message: describeProblem(undefined, locale) + ` (${String(failure)})` }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return result;
}
