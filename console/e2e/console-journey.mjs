// The console in a real browser (Debian's Chromium, driven by playwright-core) against a running
// ./run-local: sign in as the operator and see the overview, sign out, sign in as a customer and see
// its account. No Content-Security-Policy violation on the way; no serious or critical axe-core
// violation on each page; a screenshot of each (console/target/screenshots). With --keycloak the
// sign-in is Keycloak's login form; without, the local run's development issuer's demo page.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const keycloak = process.argv.includes('--keycloak');
const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080/console/';
const shots = process.env.CONSOLE_SCREENSHOTS ?? new URL('../target/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  downloadsPath: mkdtempSync(join(tmpdir(), 'console-downloads-')),
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
const step = (text) => console.log(`[console] ${text}`);
const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
try {
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(message.text())) {
      failures.push(`CSP: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => step(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`));

  const signIn = async (user, password) => {
    await page.goto(base);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (keycloak) {
      await page.locator('#username').fill(user);
      await page.locator('#password').fill(password);
      await page.locator('#kc-login').click();
    } else {
      await page.getByRole('button', { name: new RegExp(`^${user} \\(`) }).click();
    }
    await page.waitForURL((url) => url.href.startsWith(base) && !url.search.includes('code='));
  };
  const axe = async (name) => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of serious) failures.push(`axe on ${name}: ${v.id} (${v.impact}): ${v.help}`);
    step(`${name}: ${result.violations.length} axe violations, ${serious.length} serious or critical`);
  };

  // the operator
  await signIn('admin', 'admin-demo');
  await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 20000 });
  const pool = await page.getByTestId('pool-days').innerText();
  step(`the operator signed in and sees the overview: pool ${pool}`);
  await axe('overview');
  await page.screenshot({ path: `${shots}/overview.png`, fullPage: true });
  // days for a customer, with the reason the ledger requires: given when the pool has them, else refused in words
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('heading', { name: 'Customers' }).waitFor();
  await page.getByLabel('Customer', { exact: true }).fill('customer-2');
  await page.getByLabel('Days', { exact: true }).fill('5');
  await page.getByLabel('Reason').fill('console journey: welcome days');
  await page.getByRole('button', { name: 'Give days' }).click();
  if (pool.startsWith('0 ')) {
    const refusal = await page.getByRole('alert').innerText();
    if (!refusal.includes('Not enough days')) failures.push(`an empty pool was not said so: ${refusal}`);
    step(`an empty pool refuses the days, in words: "${refusal}"`);
  } else {
    const given = await page.getByRole('status').innerText();
    if (!given.includes('5 days given to customer-2')) failures.push(`the days were not given: ${given}`);
    await page.getByTestId('balance-customer-2').waitFor();
    step(`days given with their reason: "${given}"`);
  }
  await axe('customers');
  await page.screenshot({ path: `${shots}/customers.png`, fullPage: true });

  // WHAPI's partner token: pasted without its "Bearer " prefix, saved (shown masked), tested; a bad one is refused on the page
  await page.getByRole('link', { name: 'WHAPI settings' }).click();
  await page.getByRole('heading', { name: 'WHAPI settings' }).waitFor();
  await page.getByLabel('New partner token').fill('short');
  await page.getByRole('button', { name: 'Save' }).click();
  const refused = await page.getByRole('alert').innerText();
  if (!refused.trim()) failures.push('a refused token was not explained');
  step(`a 5-character token is refused on the page: "${refused}"`);
  await page.getByLabel('New partner token').fill('sandbox-partner-token');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = await page.getByRole('status').innerText();
  if (!saved.includes('Bearer san…ken')) failures.push(`the saved token is not shown masked: ${saved}`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText('WHAPI accepted the partner token.').waitFor();
  step(`the token is saved ("${saved}") and WHAPI accepts it`);
  await axe('WHAPI settings');
  await page.screenshot({ path: `${shots}/whapi-settings.png`, fullPage: true });

  // the activity trail shows those writes, merged from the services, with who and why; and as CSV
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity trail' }).waitFor();
  await page.getByLabel('Action').fill('updateWhapiSettings');
  await page.getByRole('cell', { name: 'WHAPI_SETTINGS' }).first().waitFor();
  if (!pool.startsWith('0 ')) {
    await page.getByLabel('Action').fill('allocateDays');
    await page.getByRole('cell', { name: 'console journey: welcome days' }).first().waitFor();
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  if (!csv.startsWith('service,id,at,actor,api_key_id,customer_id,action,target,reason,before,after,correlation_id\r\n')) {
    failures.push(`the trail's CSV has another header: ${csv.slice(0, 120)}`);
  }
  step(`the trail shows the settings change${pool.startsWith('0 ') ? '' : ' and the days with their reason'}; the CSV of the filtered entries has ${csv.split('\r\n').length - 2} row(s)`);
  await axe('activity');
  await page.screenshot({ path: `${shots}/activity.png`, fullPage: true });
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();

  // the same page in Indonesian
  await page.getByLabel('Language').selectOption('id');
  await page.getByRole('heading', { name: 'Ringkasan' }).waitFor();
  step(`in Indonesian: pool ${await page.getByTestId('pool-days').innerText()}`);
  await page.getByLabel('Bahasa').selectOption('en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 20000 });
  step('signed out: the sign-in page again');
  await axe('sign-in');
  await page.screenshot({ path: `${shots}/sign-in.png` });

  // a customer, on a phone-sized screen
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn('customer-1', 'customer-demo');
  await page.getByRole('heading', { name: 'Your account' }).waitFor({ timeout: 20000 });
  step(`customer-1 signed in and sees its account: balance ${await page.getByTestId('balance-days').innerText()}`);
  await axe('customer home');
  await page.screenshot({ path: `${shots}/customer-home.png`, fullPage: true });
  if (await page.getByRole('heading', { name: 'Overview' }).count() > 0) {
    failures.push('a customer was shown the operator overview');
  }
} catch (error) {
  failures.push(String(error?.stack ?? error));
  // where it stopped: the address, what the page said, a picture
  const said = await page.locator('body').innerText({ timeout: 2000 }).catch(() => '(no page)');
  failures.push(`stopped at ${page.url()}: ${said.replace(/\s+/g, ' ').slice(0, 400)}`);
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(`[console] FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`[console] the browser journey passed${keycloak ? ' (Keycloak sign-in)' : ''}; screenshots in ${shots}`);
