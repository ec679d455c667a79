import { type Locale, translate } from './i18n';

/** An error answer of the platform (RFC 9457 application/problem+json), as far as the console reads it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  violations?: { field?: string; message?: string }[];
}

/** The stable part of a problem's type, e.g. "channel-limit-reached" of "urn:reseller:problem:channel-limit-reached". */
export function problemCode(problem: Problem): string {
  const type = problem.type ?? '';
  return type.slice(type.lastIndexOf(':') + 1) || 'unknown';
}

/**
 * What a person is shown for a problem: a sentence in their language chosen by the problem's type
 * (the server's title when the console has none for it), then the server's detail and each invalid
 * field. Never empty: an answer that is not a problem at all still says what happened.
 */
export function describeProblem(problem: Problem | undefined, locale: Locale): string {
  if (!problem || typeof problem !== 'object') {
    return translate(locale, 'problem.unknown');
  }
  const code = problemCode(problem);
  const known = translate(locale, `problem.${code}`, '');
  const headline = known || problem.title || translate(locale, 'problem.unknown');
  const fields = (problem.violations ?? []).map((v) => `${v.field ?? '?'}: ${v.message ?? ''}`.trim());
  const parts = [headline];
  if (problem.detail && problem.detail !== headline) {
    parts.push(problem.detail);
  }
  // a field the detail already names is not said twice
  return [...parts, ...fields.filter((field) => !problem.detail?.includes(field))].join(' — ');
}
