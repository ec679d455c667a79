import { describe, expect, it } from 'vitest';
import { formatDays, formatMoney, missingKeys, preferredLocale, translate } from './i18n';

describe('the console speaks English and Indonesian', () => {
  it('has every text in both languages', () => {
    expect(missingKeys()).toEqual([]);
  });

  it('fills placeholders and falls back to English, then to the key', () => {
    expect(translate('id', 'days.count', undefined, { count: 3 })).toBe('3 hari');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(translate('id', 'no.such.key', 'fallback')).toBe('fallback');
  });

  it('formats days, money and the reader language per locale', () => {
    expect(formatDays('en', 1500)).toBe('1,500 days');
    expect(formatDays('id', 1500)).toBe('1.500 hari');
    expect(formatDays('id', 1)).toBe('1 hari');
    expect(formatMoney('id', 450000, 'IDR').replace(/\s/g, ' ')).toBe('Rp 450.000');
    expect(formatMoney('en', 450000, 'IDR')).toContain('450,000');
    expect(preferredLocale(['id-ID', 'en'])).toBe('id');
    expect(preferredLocale(['in'])).toBe('id');
    expect(preferredLocale(['fr-FR', 'en-US'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });
});
