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

/** The page in the address's fragment (#/overview): links work, the back button too, and nothing reaches the server. */
function useHashRoute(): string {
  const [route, setRoute] = useState(() => window.location.hash.replace(/^#/, '') || '/');
  useEffect(() => {
    const follow = () => setRoute(window.location.hash.replace(/^#/, '') || '/');
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** The operator's pages, by route. */
function OperatorPages({ locale, route }: { locale: Locale; route: string }) {
  const t = (key: string) => translate(locale, key);
  return (
    <>
      <nav aria-label={t('nav.overview')}>
        <a href="#/" aria-current={route === '/' ? 'page' : undefined}>{t('nav.overview')}</a>
        <a href="#/customers" aria-current={route === '/customers' ? 'page' : undefined}>{t('nav.customers')}</a>
        <a href="#/activity" aria-current={route === '/activity' ? 'page' : undefined}>{t('nav.activity')}</a>
        <a href="#/settings/whapi" aria-current={route === '/settings/whapi' ? 'page' : undefined}>{t('nav.whapi')}</a>
      </nav>
      {route === '/settings/whapi' ? <WhapiSettings locale={locale} />
        : route === '/customers' ? <Customers locale={locale} />
          : route === '/activity' ? <Activity locale={locale} /> : <Overview locale={locale} />}
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
          : session.person.role === 'customer' ? <CustomerHome locale={locale} customerId={session.person.subject} />
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
