/**
 * The console's two languages: English and Indonesian (the partner operates in Indonesia). Texts
 * by key; numbers, money and dates formatted per locale by the browser's Intl.
 */
import { en } from './texts/en';
import { id } from './texts/id';

export type Locale = 'en' | 'id';

export const LOCALES: readonly Locale[] = ['en', 'id'];

const TEXTS: Record<Locale, Record<string, string>> = { en, id };

/** The text of {@code key} in {@code locale}, with {name} placeholders filled; {@code fallback} (else the key) when unknown. */
export function translate(locale: Locale, key: string, fallback?: string, values: Record<string, string | number> = {}): string {
  const text = TEXTS[locale][key] ?? TEXTS.en[key] ?? fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Every key of one language exists in the other: a missing translation is a test failure, not an English word in Indonesian. */
export function missingKeys(): string[] {
  const en = Object.keys(TEXTS.en);
  const id = Object.keys(TEXTS.id);
  return [...en.filter((k) => !id.includes(k)).map((k) => `id:${k}`), ...id.filter((k) => !en.includes(k)).map((k) => `en:${k}`)];
}

const TAGS: Record<Locale, string> = { en: 'en-GB', id: 'id-ID' };

export function formatDays(locale: Locale, days: number): string {
  return days === 1 ? translate(locale, 'days.one') : translate(locale, 'days.count', undefined,
    { count: new Intl.NumberFormat(TAGS[locale]).format(days) });
}

/** A price as the platform stores it (a decimal in the plan's currency, IDR by default). */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency, maximumFractionDigits: currency === 'IDR' ? 0 : 2 })
    .format(amount);
}

/** An instant of the API (ISO 8601, UTC) in the reader's time zone. */
export function formatInstant(locale: Locale, iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The reader's language from the browser, English when it is neither. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'id' || base === 'in') {
      return 'id';
    }
    if (base === 'en') {
      return 'en';
    }
  }
  return 'en';
}
