import { useEffect, useState } from 'react';
import { api } from './api/client';
import { LOCALES, type Locale, preferredLocale, translate } from './i18n';
import { describeProblem, type Problem } from './problem';

/**
 * The console's frame: its title, the language, and what the gateway says of its API. The pages
 * for operators and customers, and the sign-in, are built on this (docs/console.md).
 */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => preferredLocale(navigator.languages));
  const [api_, setApi] = useState<{ title: string; version: string; operations: number } | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    api.GET('/api/v1/openapi.json').then(({ data, error: problem, response }) => {
      if (data && typeof data === 'object' && 'paths' in data) {
        const doc = data as { info?: { title?: string; version?: string }; paths: Record<string, object> };
        const operations = Object.values(doc.paths).reduce((sum, ops) => sum + Object.keys(ops).length, 0);
        setApi({ title: doc.info?.title ?? '', version: doc.info?.version ?? '', operations });
      } else {
        setError(describeProblem(problem as Problem | undefined, locale) + ` (${response.status})`);
      }
    }, () => setError(translate(locale, 'problem.unknown')));
  }, [locale]);

  return (
    <main>
      <header>
        <h1>{translate(locale, 'app.title')}</h1>
        <label>
          {translate(locale, 'app.language')}{' '}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => <option key={l} value={l}>{l === 'en' ? 'English' : 'Bahasa Indonesia'}</option>)}
          </select>
        </label>
      </header>
      {error && <p role="alert">{error}</p>}
      {api_ && (
        <p>
          {translate(locale, 'api.summary', undefined, { title: api_.title, version: api_.version, operations: api_.operations })}{' '}
          <a href="/q/swagger-ui">Swagger UI</a> · <a href="/api/v1/openapi.json">openapi.json</a>
        </p>
      )}
    </main>
  );
}
