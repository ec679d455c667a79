// The console in a real browser (Debian's Chromium, driven by playwright-core) against a running
// ./run-local, the whole way a reseller works: the operator saves and tests WHAPI's token, sets Wappin,
// creates a plan, buys days and gives some; a customer subscribes, the operator confirms the payment,
// the customer creates a channel and sees its QR, the sandbox "scans" it and the page shows the channel
// linked without a reload; the customer registers the sandbox's webhook receiver, sends a message and
// sees it READ, then the deliveries in the log (and delivers one again); another customer sees none of
// it; the operator deletes the channel only after typing its name. No Content-Security-Policy
// violation or page error on the way; no serious or critical axe-core violation on any page; a
// screenshot of each (CONSOLE_SCREENSHOTS, default console/target/screenshots). With --keycloak the
// sign-in is Keycloak's login form; without, the local run's development issuer's demo page.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const keycloak = process.argv.includes('--keycloak');
const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080/console/';
const sandbox = process.env.SANDBOX_URL ?? 'http://127.0.0.1:8090';
const shots = process.env.CONSOLE_SCREENSHOTS ?? new URL('../target/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// customer-3 is the console's own customer (the README journey uses customer-1 and customer-2); under
// Keycloak a customer's id is its account's id (the token's sub), fixed in deploy/keycloak/reseller-realm.json
// (CONSOLE_CUSTOMER names another demo user, to walk the journey again against the same local run)
const customerUser = process.env.CONSOLE_CUSTOMER ?? 'customer-3';
const customer = keycloak ? '5b0c1d3e-0000-4000-8000-00000000c003' : customerUser;
const stamp = Date.now().toString(36);
const planName = `Console plan ${stamp}`;
const channelName = `Console shop ${stamp}`;
const receiver = `${sandbox}/_sandbox/webhook-receiver/console-${stamp}`;

const browser = await chromium.launch({
  downloadsPath: mkdtempSync(join(tmpdir(), 'console-downloads-')),
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
const step = (text) => console.log(`[console] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${text}`);
const expect = (ok, text) => { if (!ok) failures.push(text); };
// one browser context per person (its own memory and storage, as on their own machines): the operator
// and the customer stay signed in side by side, as they would while one waits for the other
const started = Date.now();
const people = {};
const personPage = async (who, viewport = { width: 1200, height: 800 }) => {
  const opened = await (await browser.newContext({ viewport })).newPage();
  opened.setDefaultTimeout(20000);
  opened.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(message.text())) failures.push(`CSP (${who}): ${message.text()}`);
  });
  opened.on('pageerror', (error) => failures.push(`page error (${who}): ${error.message}`));
  opened.on('requestfailed', (request) => step(`request failed (${who}): ${request.method()} ${request.url()} (${request.failure()?.errorText})`));
  people[who] = opened;
  return opened;
};
let page = await personPage('operator');
/** The page of a person already signed in: the steps that follow act there. */
const as = (who) => { page = people[who]; };
try {
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
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  };
  const open = async (link, heading) => {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  };
  const axe = async (name) => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of serious) failures.push(`axe on ${name}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target).join(' ')}`);
    step(`${name}: ${result.violations.length} axe violations, ${serious.length} serious or critical`);
  };
  const shoot = async (name) => {
    await axe(name);
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };
  const said = async (role) => (await page.getByRole(role).last().innerText()).trim();

  // ---- the operator: WHAPI's token (a bad one refused in words; saved without "Bearer ", shown masked, tested)
  await signIn('admin', 'admin-demo');
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await open('WHAPI settings', 'WHAPI settings');
  await page.getByLabel('New partner token').fill('short');
  await page.getByRole('button', { name: 'Save' }).click();
  const refused = await said('alert');
  expect(refused.length > 0, 'a refused token was not explained');
  step(`a 5-character token is refused on the page: "${refused}"`);
  await page.getByLabel('New partner token').fill('sandbox-partner-token');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = await said('status');
  expect(saved.includes('Bearer san…ken'), `the saved token is not shown masked: ${saved}`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText('WHAPI accepted the partner token.').waitFor();
  step(`the token is saved ("${saved}") and WHAPI accepts it`);
  // WHAPI down (the sandbox answers 503 to every manager call): the test says so, it does not fail silently
  const faults = `${sandbox}/_sandbox/faults`;
  await fetch(faults, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'ERROR', pathPattern: '/manager/.*', status: 503 }) });
  try {
    await page.getByRole('button', { name: 'Test connection' }).click();
    const down = await page.getByRole('alert').last().innerText({ timeout: 30000 });
    expect(down.trim().length > 0 && !down.includes('accepted'), `WHAPI being down was not said: "${down}"`);
    step(`with WHAPI answering 503, the test says so: "${down.trim()}"`);
  } finally {
    await fetch(faults, { method: 'DELETE' });
  }
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByText('WHAPI accepted the partner token.').waitFor();
  await shoot('whapi-settings');

  // Wappin's credentials: secrets typed hidden, shown back masked
  await open('Wappin settings', 'Wappin settings');
  await page.getByLabel('Client id').fill('sandbox-client');
  await page.getByLabel('Secret key').fill('sandbox-secret');
  await page.getByLabel('Project id').fill('52');
  await page.getByLabel('Callback token').fill('demo-callback-token');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved; the next call to Wappin uses it.').waitFor();
  const maskedSecret = await page.getByTestId('wappin-secretKey').innerText();
  expect(!maskedSecret.includes('sandbox-secret'), `Wappin's secret key is shown whole: ${maskedSecret}`);
  step(`Wappin's settings saved; the secret key shows as "${maskedSecret}"`);
  await shoot('wappin-settings');

  // a plan, days bought from WHAPI, the ledger audit
  await open('Plans', 'Plans');
  await page.getByLabel('Name').fill(planName);
  await page.getByLabel('Channels').fill('1');
  await page.getByLabel('Price').fill('450000');
  await page.getByRole('button', { name: 'Create the plan' }).click();
  await page.getByRole('cell', { name: planName, exact: true }).waitFor();
  step(`plan "${planName}" created: ${(await page.getByRole('row', { name: new RegExp(`^${planName}`) }).innerText()).replace(/\s+/g, ' ')}`);
  await shoot('plans');
  await open('Days', 'Days');
  const poolBefore = await page.getByTestId('pool').innerText();
  await page.getByRole('spinbutton', { name: 'Days', exact: true }).fill('100');
  await page.getByLabel('Reference').fill(`console journey invoice ${stamp}`);
  await page.getByRole('button', { name: 'Add to the pool' }).click();
  await page.getByText('100 days added to the pool.').waitFor();
  await page.getByTestId('audit').filter({ hasText: 'rules hold' }).waitFor();
  step(`100 days bought: pool ${poolBefore} → ${await page.getByTestId('pool').innerText()}; ${await page.getByTestId('audit').innerText()}`);
  await shoot('days');

  // days for the console's customer, with the reason the ledger requires
  await open('Customers', 'Customers');
  await page.getByLabel('Customer', { exact: true }).fill(customer);
  await page.getByRole('spinbutton', { name: 'Days', exact: true }).fill('40');
  await page.getByLabel('Reason').fill('console journey: welcome days');
  await page.getByRole('button', { name: 'Give days' }).click();
  const given = await page.getByText(/days given to/).innerText();
  expect(given.includes(`40 days given to ${customer}`), `the days were not given: ${given}`);
  step(`days given with their reason: "${given}"`);

  // ---- the customer, on its own machine, subscribes (on a phone-sized screen); the plan waits for the payment
  page = await personPage('customer', { width: 390, height: 844 });
  await signIn(customerUser, 'customer-demo');
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await page.getByRole('button', { name: `Subscribe to ${planName}` }).click();
  await page.getByText('Subscribed: the plan starts once the operator confirms your payment.').waitFor();
  await page.getByTestId('subscription').filter({ hasText: 'waiting for payment' }).waitFor();
  step(`${customerUser} subscribed to "${planName}": ${await page.getByTestId('subscription').innerText()}; balance ${await page.getByTestId('balance-days').innerText()}`);
  await shoot('customer-home');
  await page.setViewportSize({ width: 1200, height: 800 });

  // ---- the operator (still signed in) sets the customer's days to AUTOMATIC (its channels' renewals then take them by themselves) and confirms the payment
  as('operator');
  await open('Plans', 'Plans');
  await open('Customers', 'Customers');
  await page.getByLabel(`Allocation of ${customer}`).selectOption('AUTOMATIC');
  await page.getByText(`${customer} is now AUTOMATIC.`).waitFor();
  await page.getByLabel('Subscription').selectOption('PENDING_PAYMENT');
  await page.getByRole('button', { name: `Confirm the payment of ${customer}` }).click();
  const confirmed = await page.getByText(`Payment of ${customer} confirmed`).innerText();
  step(`the operator confirmed: "${confirmed}"`);
  await page.getByLabel('Subscription').selectOption('');
  await page.getByTestId(`balance-${customer}`).waitFor();
  await shoot('customers');

  // ---- the customer: its webhook endpoint (the secret shown once), then a channel, linked by the sandbox's "phone"
  as('customer');
  await open('Webhooks', 'Webhooks');
  await open('Your account', 'Your account'); // read again: the plan is active now
  await page.getByTestId('subscription').filter({ hasText: 'active' }).waitFor();
  await open('Webhooks', 'Webhooks');
  await page.getByLabel('URL (https)').fill(receiver);
  await page.getByRole('button', { name: 'Register' }).click();
  const secret = await page.getByTestId('endpoint-secret').innerText();
  expect(secret.startsWith('whsec_'), `no signing secret shown: ${secret}`);
  step(`the sandbox's receiver is registered; its secret is shown once (${secret.slice(0, 10)}…)`);
  await open('Your account', 'Your account');
  await page.getByLabel('Name', { exact: true }).fill(channelName);
  // channel-service hears of the confirmed plan by an event: until then the page says "No active plan", and a click again creates it
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('button', { name: 'Create the channel' }).click();
    const outcome = await Promise.race([
      page.getByRole('heading', { name: channelName }).waitFor().then(() => 'created'),
      page.getByRole('alert').filter({ hasText: 'No active plan' }).waitFor().then(() => 'refused'),
    ]);
    if (outcome === 'created') break;
    if (attempt === 30) throw new Error('the plan never reached channel-service');
    step('"No active plan" (the plan is on its way to channel-service): trying again');
    await page.waitForTimeout(1000);
  }
  const channelId = new URL(page.url()).hash.replace('#/channels/', '');
  await page.getByTestId('qr').waitFor({ timeout: 60000 });
  const firstQr = await page.getByTestId('qr').getAttribute('src');
  expect(firstQr?.startsWith('data:image/png;base64,'), `the QR is not an image: ${firstQr?.slice(0, 40)}`);
  step(`channel "${channelName}" (${channelId}) created; its QR is on screen (${firstQr.length} characters of PNG); link status "${await page.getByTestId('link-status').innerText()}"`);
  // WHAPI's QR lives 20 s: the page reads a new one (awaited after the pairing code, to overlap the wait)
  const firstRead = Number(await page.getByTestId('qr').getAttribute('data-read-at'));
  await page.getByLabel('Or get a pairing code for this phone number').fill('6281234567890');
  await page.getByRole('button', { name: 'Get a pairing code' }).click();
  const pairing = await page.getByTestId('pairing-code').innerText();
  step(`the pairing code instead of the QR: "${pairing}"`);
  await shoot('channel-link');
  // a new QR on screen, read again by the page on its own: before the first expires, or, while WHAPI restarts
  // the channel that just went live (the QR is refused then), as soon as the restart's Retry-After has passed.
  // Half a minute of waiting that does not depend on who signed in: the Keycloak run (whose subject is the
  // sign-in) leaves it to the development issuer's run, which CI runs first
  if (!keycloak) {
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="qr"]')?.getAttribute('data-read-at')) > before,
      firstRead, { timeout: 60000 });
    const renewedAfter = Number(await page.getByTestId('qr').getAttribute('data-read-at')) - firstRead;
    step(`a new QR was on screen ${(renewedAfter / 1000).toFixed(1)} s after the first, without a reload`);
  }

  // the sandbox's phone scans the QR: WHAPI's webhook flips the status; the page follows without a reload
  const channels = await (await fetch(`${sandbox}/manager/channels/list?count=100`, { headers: { Authorization: 'Bearer sandbox-partner-token' } })).json();
  const whapiId = channels.channels.find((c) => c.name.endsWith(`[${channelId.slice(0, 8)}]`))?.id;
  expect(whapiId, `the sandbox has no channel for ${channelId}`);
  await page.evaluate(() => { window.sentinel = 'this page was not reloaded'; });
  await fetch(`${sandbox}/_sandbox/whapi/channels/${whapiId}/login`, { method: 'POST' });
  await page.getByTestId('link-status').filter({ hasText: 'linked' }).waitFor({ timeout: 60000 });
  expect(await page.evaluate(() => window.sentinel) === 'this page was not reloaded', 'the page was reloaded to show the link');
  step('the sandbox scanned the QR: the page shows "linked" without a reload');
  await page.getByTestId('channel-state').filter({ hasText: 'ACTIVE · LIVE' }).waitFor({ timeout: 60000 });

  // a message through the channel, followed to READ (the page waits out WHAPI's restart of a channel gone live)
  await page.getByLabel('To (phone number)').fill('+62 812-3456-7890');
  await page.getByLabel('Text').fill('Your order is on its way');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByTestId('message-status').filter({ hasText: 'READ' }).waitFor({ timeout: 120000 });
  const timeline = (await page.locator('.timeline').innerText()).replace(/\s+/g, ' ');
  step(`the message was sent and is READ: ${timeline}`);
  await fetch(`${sandbox}/_sandbox/whapi/channels/${whapiId}/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: '6281234567890', text: 'Thank you!' }) });
  await page.getByRole('cell', { name: 'Thank you!', exact: true }).waitFor({ timeout: 30000 });
  step('the reply shows in the channel\'s latest messages');
  await shoot('channel-messages');
  // the channel's own silence threshold: its contacts answer slowly, so 30 minutes rather than the platform's 10
  await page.getByLabel(/^Silent after \(minutes/).fill('30');
  await page.getByRole('button', { name: 'Save', exact: true }).last().click();
  const silence = await page.getByTestId('silence-outcome').innerText();
  expect(silence.includes('30 minutes'), `the silence threshold was not saved: "${silence}"`);
  step(`silence threshold: "${silence}"`);

  // the deliveries to the receiver, in the log; one delivered again
  await open('Webhooks', 'Webhooks');
  await page.getByRole('button', { name: 'Deliveries' }).click();
  const deliveries = page.getByTestId('deliveries');
  await deliveries.getByRole('row').filter({ hasText: 'message.received' }).filter({ hasText: 'DELIVERED' }).first().waitFor({ timeout: 30000 });
  await deliveries.getByRole('row').filter({ hasText: 'message.status' }).filter({ hasText: 'DELIVERED' }).first().waitFor();
  const rows = await deliveries.getByRole('row').count();
  await deliveries.getByRole('button', { name: 'Deliver again' }).first().click();
  const again = await page.getByText(/Queued again/).innerText();
  const received = await (await fetch(receiver)).text();
  expect(received.includes('"READ"') || received.includes('\\"READ\\"'), 'the receiver holds no READ status');
  step(`the log shows ${rows - 1} deliveries, delivered (the receiver holds the READ status and the reply); "${again}"`);
  await shoot('webhooks');

  // an API key for the customer's own systems, shown once; the statement of the month
  await open('API keys', 'API keys');
  await page.getByLabel('Name', { exact: true }).fill('CRM');
  await page.getByRole('button', { name: 'Create the key' }).click();
  const key = await page.getByTestId('api-key').innerText();
  expect(key.startsWith('rk_'), `no key shown: ${key}`);
  await page.getByRole('cell', { name: 'CRM', exact: true }).waitFor();
  step(`an API key is shown once (${key.slice(0, 8)}…) and listed by its prefix`);
  await shoot('api-keys');
  await open('Statement', `Statement of ${customer}`);
  await page.getByRole('cell', { name: 'console journey: welcome days', exact: true }).waitFor();
  step('the statement lists the days given with their reason');
  await shoot('statement');
  await signOut();

  // ---- another customer sees none of it
  page = await personPage('customer-2');
  await signIn('customer-2', 'customer-demo');
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await page.getByText('No channel yet.').or(page.locator('table')).first().waitFor();
  expect(await page.getByText(channelName).count() === 0, 'customer-2 sees customer-3\'s channel in its list');
  // the channel's address, typed into the page (a new address in the bar would reload it, and tokens live in memory only)
  await page.evaluate((id) => { window.location.hash = `#/channels/${id}`; }, channelId);
  await page.getByRole('alert').filter({ hasText: 'Not found' }).waitFor();
  await open('Webhooks', 'Webhooks');
  await page.getByTestId('no-endpoints').or(page.locator('table')).first().waitFor();
  expect(await page.getByText(receiver).count() === 0, 'customer-2 sees customer-3\'s webhook endpoint');
  step('customer-2 sees neither the channel (its page answers "Not found") nor the endpoint');

  // ---- the operator: the fleet, the channel's page, and deleting it only after typing its name
  as('operator');
  await open('Overview', 'Overview');
  await page.locator('figure.chart').first().waitFor();
  await shoot('overview');
  await open('Channels', 'Channels');
  await page.getByLabel('Customer').fill(customer);
  await page.getByRole('link', { name: channelName }).waitFor();
  // one action on every channel the filters match: what it would touch first, then the job and its progress
  await page.getByLabel('Action').selectOption('RESTART');
  await page.getByRole('button', { name: 'Show which channels' }).click();
  const wouldTouch = await page.getByTestId('bulk-preview').innerText();
  expect(wouldTouch.includes('1 channel(s)'), `the dry run does not name the customer's one channel: "${wouldTouch}"`);
  await page.getByRole('button', { name: 'Restart these 1 channel(s)' }).click();
  await page.getByTestId('bulk-job').getByText(/^Finished: 1 done, 0 failed, of 1\./).waitFor({ timeout: 60000 });
  step(`bulk restart: "${wouldTouch}" then "${await page.getByTestId('bulk-job').getByRole('status').innerText()}"`);
  await shoot('bulk-job');
  // the customer's fleet a day more, at once: what it takes first, then each channel's extension, which waits out
  // WHAPI's block of a channel's repeated extends (about 5 minutes at WHAPI, 20 s against the local sandbox)
  await open('Customers', 'Customers');
  const fleet = page.getByRole('form', { name: 'Extend many channels at once' });
  await fleet.getByLabel("Customer (empty: every customer's)").fill(customer);
  await fleet.getByLabel('Days for each channel').fill('1');
  await fleet.getByLabel(/^Comment/).fill('console journey: the fleet a day more');
  let plan = '';
  for (let tries = 0; !plan.startsWith('1 channel(s) would get') && tries < 30; tries++) { // its first paid extension may still be open
    if (tries > 0) await page.waitForTimeout(1000);
    await fleet.getByRole('button', { name: 'Show what it takes' }).click();
    plan = await fleet.getByTestId('fleet-plan').innerText();
  }
  expect(plan.startsWith('1 channel(s) would get'), `the fleet's dry run does not offer the customer's one channel: "${plan}"`);
  await fleet.getByRole('button', { name: 'Extend these 1 channel(s)' }).click();
  const fleetStatus = fleet.getByTestId('fleet-job').getByRole('status');
  const accepted = await fleetStatus.innerText();
  await fleetStatus.filter({ hasText: /^Finished: 1 extended, 0 failed, 0 left out\./ }).waitFor({ timeout: 90000 });
  step(`fleet extension: "${plan.split('\n')[0]}" then "${accepted}" then "${await fleetStatus.innerText()}"`);
  await shoot('fleet-extension');
  await open('Channels', 'Channels');
  await page.getByLabel('Customer').fill(customer);
  await page.getByRole('link', { name: channelName }).first().click(); // the list's link (the job's result links it too)
  await page.getByRole('heading', { name: channelName }).waitFor();
  await shoot('operator-channel');
  // a seasonal pause: WHAPI stops it with its days saved, then it runs again
  await page.getByRole('button', { name: 'Pause (save its days)' }).click();
  await page.getByTestId('channel-state').filter({ hasText: 'PAUSED' }).waitFor({ timeout: 60000 });
  step(`paused: ${await page.getByTestId('channel-state').innerText()}; "${await page.getByTestId('paused-note').innerText()}"`);
  await shoot('paused-channel');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.getByTestId('channel-state').filter({ hasText: 'ACTIVE' }).waitFor({ timeout: 60000 });
  step(`resumed: ${await page.getByTestId('channel-state').innerText()}`);
  const remove = page.getByRole('button', { name: 'Delete for good' });
  expect(await remove.isDisabled(), 'the delete button works before the name is typed');
  await page.getByLabel(/Type the channel's name/).fill(channelName.toUpperCase());
  expect(await remove.isDisabled(), 'the delete button works with another name typed');
  await page.getByLabel(/Type the channel's name/).fill(channelName);
  step('the delete button is disabled until the exact name is typed; deleting');
  await remove.click();
  await page.getByRole('heading', { name: 'Channels', exact: true }).waitFor({ timeout: 90000 });
  await page.getByLabel('Customer').fill(customer);
  // the list shows it DELETED (or no longer, by its filter): never ACTIVE again
  await page.getByRole('link', { name: channelName }).filter({ hasText: channelName }).or(page.getByText('No channel matches.')).first().waitFor();
  const row = page.getByRole('row', { name: new RegExp(channelName) });
  const listed = await row.count() === 0 ? '' : await row.innerText();
  expect(listed === '' || /DELET/.test(listed), `the deleted channel is listed as ${listed}`);
  step('the delete button waited for the exact name; the channel is deleted');
  await open('Activity', 'Activity trail');
  await page.getByLabel('Action').fill('deleteChannel');
  await page.getByRole('cell', { name: /deleteChannel/ }).first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('service,id,at,actor,api_key_id,customer_id,action,target,reason,before,after,correlation_id\r\n'),
    `the trail's CSV has another header: ${csv.slice(0, 120)}`);
  step(`the trail shows the deletion; its CSV has ${csv.split('\r\n').length - 2} row(s)`);
  await shoot('activity');

  // ---- WHAPI's creation window is full (it answers 429 once, "come back in 5 s"): the customer's next
  // channel waits its turn in the queue, and its page changes by itself when the queue has created it
  await fetch(faults, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(
    { kind: 'ERROR', method: 'PUT', pathPattern: '/manager/channels', status: 429, retryAfterSeconds: 5, times: 1 }) });
  as('customer');
  await signIn(customerUser, 'customer-demo'); // it signed out after its statement
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  const queuedName = `${channelName} 2`;
  await page.getByLabel('Name', { exact: true }).fill(queuedName);
  await page.getByRole('button', { name: 'Create the channel' }).click();
  const place = page.getByTestId('queue-place');
  await place.waitFor();
  step(`WHAPI's creation window is full: "${queuedName}" waits its turn: "${await place.innerText()}"`);
  await shoot('queued-channel');
  const queuedAt = Date.now();
  await page.getByTestId('qr').waitFor({ timeout: 60000 });
  step(`the queue created it ${((Date.now() - queuedAt) / 1000).toFixed(1)} s later; its page shows the QR without a reload`);
  as('operator');
  await open('Overview', 'Overview');
  await page.getByLabel('Language').selectOption('id');
  await page.getByRole('heading', { name: 'Ringkasan' }).waitFor();
  step(`in Indonesian: pool ${await page.getByTestId('pool-days').innerText()}`);
  await page.getByLabel('Bahasa').selectOption('en');
  await signOut();
  await shoot('sign-in');
} catch (error) {
  failures.push(String(error?.stack ?? error));
  // where it stopped: the address, what the page said, a picture
  const text = await page.locator('body').innerText({ timeout: 2000 }).catch(() => '(no page)');
  failures.push(`stopped at ${page.url()}: ${text.replace(/\s+/g, ' ').slice(0, 600)}`);
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
step(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failures.length > 0) {
  console.error(`[console] FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`[console] the browser journey passed${keycloak ? ' (Keycloak sign-in)' : ''}; screenshots in ${shots}`);

