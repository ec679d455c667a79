import { useCallback, useEffect, useMemo, useState } from 'react';
import type { UserManager } from 'oidc-client-ts';
import { useToken } from './api/client';
import { isSigninCallback, loadSettings, type Person, personOf, userManager } from './auth';
import { LOCALES, type Locale, preferredLocale, translate } from './i18n';
import { Overview } from './pages/Overview';
import { CustomerHome } from './pages/CustomerHome';
import { WhapiSettings } from './pages/WhapiSettings';
import { Customers } from './pages/Customers';
import { Activity } from './pages/Activity';
import { ApiKeys } from './pages/ApiKeys';
import { ChannelPage } from './pages/ChannelPage';
import { Channels } from './pages/Channels';
import { Days } from './pages/Days';
import { Notifications } from './pages/Notifications';
import { Plans } from './pages/Plans';
import { Statement } from './pages/Statement';
import { WappinSettings } from './pages/WappinSettings';
import { WebhookEndpoints } from './pages/WebhookEndpoints';

/** The page in the address's fragment (#/channels/…?customer=…): links work, the back button too, and nothing reaches the server. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  return { path: path || '/', params: new URLSearchParams(query) };
}

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** A page's entry in the navigation: where it is, the text key of its name. */
type NavItem = [path: string, key: string];

function Navigation({ locale, items, current }: { locale: Locale; items: NavItem[]; current: string }) {
  const top = `/${current.split('/')[1] ?? ''}`;
  return (
    <nav aria-label={translate(locale, 'nav.pages')}>
      {items.map(([path, key]) => (
        <a key={path} href={`#${path}`} aria-current={(path === '/' ? current === '/' : top === path || current === path) ? 'page' : undefined}>
          {translate(locale, key)}
        </a>
      ))}
    </nav>
  );
}

const OPERATOR_NAV: NavItem[] = [['/', 'nav.overview'], ['/customers', 'nav.customers'], ['/plans', 'nav.plans'],
  ['/channels', 'nav.channels'], ['/days', 'nav.days'], ['/activity', 'nav.activity'], ['/settings/whapi', 'nav.whapi'],
  ['/settings/wappin', 'nav.wappin'], ['/notifications', 'nav.notifications']];

const CUSTOMER_NAV: NavItem[] = [['/', 'nav.account'], ['/webhooks', 'nav.webhooks'], ['/api-keys', 'nav.api-keys'],
  ['/statement', 'nav.statement'], ['/activity', 'nav.activity']];

/** The id in a route of the form /prefix/{id}, if it is one. */
function idIn(path: string, prefix: string): string | undefined {
  return path.startsWith(`${prefix}/`) ? decodeURIComponent(path.slice(prefix.length + 1)) : undefined;
}

/** The operator's pages, by route. */
function OperatorPages({ locale, route }: { locale: Locale; route: Route }) {
  const { path, params } = route;
  const channel = idIn(path, '/channels');
  const statement = idIn(path, '/statement');
  return (
    <>
      <Navigation locale={locale} items={OPERATOR_NAV} current={path} />
      {channel ? <ChannelPage key={channel} locale={locale} id={channel} operator />
        : statement ? <Statement key={statement} locale={locale} customerId={statement} />
          : path === '/settings/whapi' ? <WhapiSettings locale={locale} />
            : path === '/settings/wappin' ? <WappinSettings locale={locale} />
              : path === '/customers' ? <Customers locale={locale} />
                : path === '/plans' ? <Plans locale={locale} />
                  : path === '/channels' ? <Channels key={params.get('customer') ?? ''} locale={locale} customer={params.get('customer') ?? undefined} />
                    : path === '/days' ? <Days locale={locale} />
                      : path === '/notifications' ? <Notifications locale={locale} />
                        : path === '/activity' ? <Activity locale={locale} /> : <Overview locale={locale} />}
    </>
  );
}

/** A customer's pages, by route: only its own data, as the API answers a customer. */
function CustomerPages({ locale, route, customerId }: { locale: Locale; route: Route; customerId: string }) {
  const { path } = route;
  const channel = idIn(path, '/channels');
  return (
    <>
      <Navigation locale={locale} items={CUSTOMER_NAV} current={path} />
      {channel ? <ChannelPage key={channel} locale={locale} id={channel} operator={false} />
        : path === '/webhooks' ? <WebhookEndpoints locale={locale} />
          : path === '/api-keys' ? <ApiKeys locale={locale} />
            : path === '/statement' ? <Statement locale={locale} customerId={customerId} />
              : path === '/activity' ? <Activity locale={locale} /> : <CustomerHome locale={locale} customerId={customerId} />}
    </>
  );
}

type Session =
  | { state: 'starting' }
  | { state: 'unconfigured' }
  | { state: 'signed-out'; expired: boolean }
  | { state: 'signed-in'; person: Person }
  | { state: 'failed'; message: string };

/**
 * The console: sign-in (OIDC code flow with PKCE), then the operator's or the customer's pages by
 * the role the token carries. An ended session says so and offers to sign in again.
 */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => preferredLocale(navigator.languages));
  const [manager, setManager] = useState<UserManager>();
  const [session, setSession] = useState<Session>({ state: 'starting' });
  const route = useHashRoute();
  const t = useCallback((key: string, values?: Record<string, string | number>) => translate(locale, key, undefined, values), [locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);

  useEffect(() => {
    let live = true;
    (async () => {
      const settings = await loadSettings();
      if (!settings.oidcAuthority) {
        return live && setSession({ state: 'unconfigured' });
      }
      const users = userManager(settings, window.location.origin);
      users.events.addUserLoaded((user) => useToken(user.access_token));
      users.events.addAccessTokenExpired(() => {
        useToken(undefined);
        setSession({ state: 'signed-out', expired: true });
      });
      users.events.addSilentRenewError(() => {
        useToken(undefined);
        setSession({ state: 'signed-out', expired: true });
      });
      setManager(users);
      if (isSigninCallback(window.location.search)) {
        const user = await users.signinRedirectCallback();
        window.history.replaceState(null, '', '/console/');
        useToken(user.access_token);
        return live && setSession({ state: 'signed-in', person: personOf(user.access_token) });
      }
      live && setSession({ state: 'signed-out', expired: false });
    })().catch((e: unknown) => live && setSession({ state: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, []);

  const signIn = () => manager?.signinRedirect();
  const signOut = async () => {
    useToken(undefined);
    await manager?.signoutRedirect();
  };

  const page = useMemo(() => {
    switch (session.state) {
      case 'starting':
        return <p aria-busy="true">{t('state.loading')}</p>;
      case 'unconfigured':
        return <p role="alert">{t('signin.unconfigured')}</p>;
      case 'failed':
        return <p role="alert">{t('signin.failed', { reason: session.message })}</p>;
      case 'signed-out':
        return (
          <section className="signin">
            {session.expired && <p role="alert">{t('signin.expired')}</p>}
            <p>{t('signin.intro')}</p>
            <button type="button" onClick={signIn}>{t('signin.button')}</button>
          </section>
        );
      case 'signed-in':
        return session.person.role === 'admin' ? <OperatorPages locale={locale} route={route} />
          : session.person.role === 'customer' ? <CustomerPages locale={locale} route={route} customerId={session.person.subject} />
            : <p role="alert">{t('signin.no-role')}</p>;
    }
  }, [session, locale, t, manager, route]);

  return (
    <>
      <header>
        <h1>{t('app.title')}</h1>
        <div className="tools">
          <label>
            {t('app.language')}{' '}
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => <option key={l} value={l}>{l === 'en' ? 'English' : 'Bahasa Indonesia'}</option>)}
            </select>
          </label>
          {session.state === 'signed-in' && (
            <>
              <span className="who">{session.person.name}</span>
              <button type="button" onClick={signOut}>{t('signout.button')}</button>
            </>
          )}
        </div>
      </header>
      <main>{page}</main>
    </>
  );
}
