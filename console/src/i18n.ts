/**
 * The console's two languages: English and Indonesian (the partner operates in Indonesia). Texts
 * by key; numbers, money and dates formatted per locale by the browser's Intl.
 */
export type Locale = 'en' | 'id';

export const LOCALES: readonly Locale[] = ['en', 'id'];

const TEXTS: Record<Locale, Record<string, string>> = {
  en: {
    'app.title': 'Reseller console',
    'app.language': 'Language',
    'state.loading': 'Loading…',
    'signin.intro': 'Sign in to manage your channels, days and messages.',
    'signin.button': 'Sign in',
    'signin.expired': 'Your session has ended. Sign in again to go on.',
    'signin.unconfigured': 'Sign-in is not configured on this gateway (gateway.console.oidc-authority).',
    'signin.failed': 'The sign-in did not complete: {reason}',
    'signin.no-role': 'Your account has no role on this platform (admin or customer).',
    'signout.button': 'Sign out',
    'nav.overview': 'Overview',
    'nav.whapi': 'WHAPI settings',
    'nav.activity': 'Activity',
    'activity.title': 'Activity trail',
    'activity.action': 'Action',
    'activity.service': 'Service',
    'activity.csv': 'Download CSV',
    'activity.none': 'No entry matches.',
    'activity.when': 'When',
    'activity.who': 'Who',
    'activity.target': 'What',
    'activity.reason': 'Why',
    'activity.more': 'More',
    'nav.customers': 'Customers',
    'customers.title': 'Customers',
    'customers.balance-below': 'Balance below (days)',
    'customers.mode': 'Allocation',
    'customers.any': 'any',
    'customers.none': 'No customer matches.',
    'customers.customer': 'Customer',
    'customers.plan': 'Plan',
    'customers.give': 'Give days from the pool',
    'customers.days': 'Days',
    'customers.reason': 'Reason (kept in the ledger and the activity trail)',
    'customers.give-button': 'Give days',
    'customers.given': '{days} given to {customer}: its balance is {balance}.',
    'whapi.title': 'WHAPI settings',
    'whapi.token': 'Partner token',
    'whapi.none': 'not set',
    'whapi.project': 'Project',
    'whapi.updated': 'Last changed',
    'whapi.token-input': 'New partner token (with or without "Bearer ")',
    'whapi.project-input': 'Project id (leave empty to keep it)',
    'whapi.save': 'Save',
    'whapi.test': 'Test connection',
    'whapi.saved': 'Saved. The token is kept sealed and shown masked: {token}',
    'whapi.test-ok': 'WHAPI accepted the partner token.',
    'whapi.test-failed': 'WHAPI did not accept the call:',
    'overview.title': 'Overview',
    'overview.missing': 'Not shown, its service did not answer: {parts}',
    'overview.customers': 'Customers',
    'overview.pool': 'Pool',
    'overview.customer-days': "Customers' days",
    'overview.spent7': 'Spent in the last 7 days',
    'overview.runway': 'Pool runway',
    'overview.buy30': 'To buy for the next 30 days',
    'overview.partner': "WHAPI's partner balance",
    'overview.channels': 'Channels ({count})',
    'overview.expiring7': 'Ending within 7 days',
    'home.title': 'Your account',
    'home.balance': 'Balance',
    'home.channels': 'Channels',
    'home.no-channels': 'No channel yet.',
    'home.channel': 'Channel',
    'home.state': 'State',
    'home.link': 'WhatsApp link',
    'days.count': '{count} days',
    'days.one': '1 day',
    'problem.unknown': 'Something went wrong',
    'problem.not-found': 'Not found',
    'problem.forbidden': 'You may not do this',
    'problem.unauthenticated': 'Please sign in again',
    'problem.invalid-request': 'Some values are not valid',
    'problem.insufficient-balance': 'Not enough days',
    'problem.channel-limit-reached': "The plan's channel limit is reached",
    'problem.no-active-plan': 'No active plan',
    'problem.rate-limited': 'Too many requests: wait a moment',
    'problem.trail-incomplete': 'The activity trail is incomplete right now',
  },
  id: {
    'app.title': 'Konsol reseller',
    'app.language': 'Bahasa',
    'state.loading': 'Memuat…',
    'signin.intro': 'Masuk untuk mengelola kanal, hari, dan pesan Anda.',
    'signin.button': 'Masuk',
    'signin.expired': 'Sesi Anda telah berakhir. Masuk lagi untuk melanjutkan.',
    'signin.unconfigured': 'Masuk belum dikonfigurasi di gateway ini (gateway.console.oidc-authority).',
    'signin.failed': 'Proses masuk tidak selesai: {reason}',
    'signin.no-role': 'Akun Anda tidak memiliki peran di platform ini (admin atau pelanggan).',
    'signout.button': 'Keluar',
    'nav.overview': 'Ringkasan',
    'nav.whapi': 'Pengaturan WHAPI',
    'nav.activity': 'Aktivitas',
    'activity.title': 'Jejak aktivitas',
    'activity.action': 'Tindakan',
    'activity.service': 'Layanan',
    'activity.csv': 'Unduh CSV',
    'activity.none': 'Tidak ada entri yang cocok.',
    'activity.when': 'Kapan',
    'activity.who': 'Siapa',
    'activity.target': 'Apa',
    'activity.reason': 'Mengapa',
    'activity.more': 'Lainnya',
    'nav.customers': 'Pelanggan',
    'customers.title': 'Pelanggan',
    'customers.balance-below': 'Saldo di bawah (hari)',
    'customers.mode': 'Alokasi',
    'customers.any': 'semua',
    'customers.none': 'Tidak ada pelanggan yang cocok.',
    'customers.customer': 'Pelanggan',
    'customers.plan': 'Paket',
    'customers.give': 'Beri hari dari pool',
    'customers.days': 'Hari',
    'customers.reason': 'Alasan (disimpan di buku besar dan jejak aktivitas)',
    'customers.give-button': 'Beri hari',
    'customers.given': '{days} diberikan ke {customer}: saldonya {balance}.',
    'whapi.title': 'Pengaturan WHAPI',
    'whapi.token': 'Token partner',
    'whapi.none': 'belum diatur',
    'whapi.project': 'Proyek',
    'whapi.updated': 'Terakhir diubah',
    'whapi.token-input': 'Token partner baru (dengan atau tanpa "Bearer ")',
    'whapi.project-input': 'ID proyek (kosongkan untuk mempertahankan)',
    'whapi.save': 'Simpan',
    'whapi.test': 'Uji koneksi',
    'whapi.saved': 'Tersimpan. Token disimpan tersegel dan ditampilkan tersamar: {token}',
    'whapi.test-ok': 'WHAPI menerima token partner.',
    'whapi.test-failed': 'WHAPI tidak menerima panggilan:',
    'overview.title': 'Ringkasan',
    'overview.missing': 'Tidak ditampilkan, layanannya tidak menjawab: {parts}',
    'overview.customers': 'Pelanggan',
    'overview.pool': 'Pool',
    'overview.customer-days': 'Hari milik pelanggan',
    'overview.spent7': 'Terpakai 7 hari terakhir',
    'overview.runway': 'Sisa waktu pool',
    'overview.buy30': 'Perlu dibeli untuk 30 hari ke depan',
    'overview.partner': 'Saldo partner WHAPI',
    'overview.channels': 'Kanal ({count})',
    'overview.expiring7': 'Berakhir dalam 7 hari',
    'home.title': 'Akun Anda',
    'home.balance': 'Saldo',
    'home.channels': 'Kanal',
    'home.no-channels': 'Belum ada kanal.',
    'home.channel': 'Kanal',
    'home.state': 'Status',
    'home.link': 'Tautan WhatsApp',
    'days.count': '{count} hari',
    'days.one': '1 hari',
    'problem.unknown': 'Terjadi kesalahan',
    'problem.not-found': 'Tidak ditemukan',
    'problem.forbidden': 'Anda tidak boleh melakukan ini',
    'problem.unauthenticated': 'Silakan masuk lagi',
    'problem.invalid-request': 'Beberapa nilai tidak valid',
    'problem.insufficient-balance': 'Hari tidak mencukupi',
    'problem.channel-limit-reached': 'Batas kanal paket sudah tercapai',
    'problem.no-active-plan': 'Tidak ada paket aktif',
    'problem.rate-limited': 'Terlalu banyak permintaan: tunggu sebentar',
    'problem.trail-incomplete': 'Jejak aktivitas belum lengkap saat ini',
  },
};

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
