// tests/e2e/security.test.js
// Issue 16 in Chromium: with CSRF on (the default) the unmodified renderer
// sends the page's token in X-CSRFToken and every callback answers 200, and
// the page's Content-Security-Policy blocks nothing the app needs.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, poll,
} = require('./browser.js');

const TITLE = 'Student scores';

describe('csrf and csp in the browser', { timeout: 60000 }, () => {
  let server;
  let browser;
  let watched;

  before(async () => {
    server = await startServer('student_scores');
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('the page is served with a CSP and sets the token cookie', async () => {
    const pageResponse = watched.page.waitForResponse(
      (r) => r.url() === `${server.url}/`);
    await gotoApp(watched, server.url, TITLE);
    const headers = (await pageResponse).headers();
    assert.match(headers['content-security-policy'] || '',
      /script-src 'self' 'sha256-/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    const cookies = await watched.context.cookies(server.url);
    const token = cookies.find((c) => c.name === '_csrf_token');
    assert.ok(token, JSON.stringify(cookies));
    assert.equal(token.httpOnly, false);
    assert.equal(token.sameSite, 'Lax');
  });

  test('callbacks carry X-CSRFToken = the cookie and answer 200', async () => {
    const { page } = watched;
    const cookies = await watched.context.cookies(server.url);
    const token = cookies.find((c) => c.name === '_csrf_token').value;
    const before = watched.callbacksFor('output.children').length;
    await chooseOption(page, 'score', '5');
    await poll(() => page.innerText('#output'), (t) => t.trim() === '4',
      { what: '#output for 5' });
    await waitForIdle(watched, TITLE);
    const calls = watched.callbacksFor('output.children');
    assert.ok(calls.length > before);
    for (const c of calls) {
      assert.equal(c.status, 200);
      assert.equal(c.request.headers()['x-csrftoken'], token);
    }
    assert.equal(server.count(/answered 403/), 0, server.logs());
  });

  test('no console errors, CSP violations or failed requests', () => {
    assert.deepEqual(watched.problems(), []);
  });
});

describe('the app over https in Chromium', { timeout: 90000 }, () => {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const certs = require('../support/certs.js');
  let dir;
  let server;
  let browser;
  let watched;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-e2e-tls-'));
    const ca = certs.makeCa(dir);
    const cert = certs.makeServerCert(dir, ca, 'dash-e2e');
    server = await startServer('student_scores', ['--tls-cert-file',
      cert.cert, '--tls-key-file', cert.key]);
    // Trusts exactly this certificate's key, nothing else.
    browser = await launch([
      `--ignore-certificate-errors-spki-list=${certs.spkiHash(cert.cert)}`]);
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the page loads, a callback answers, cookies are Secure', async () => {
    assert.match(server.url, /^https:/);
    await gotoApp(watched, server.url, TITLE);
    const { page } = watched;
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await chooseOption(page, 'score', '2');
    await poll(() => page.innerText('#output'), (t) => t.trim() === '2',
      { what: '#output for 2' });
    await waitForIdle(watched, TITLE);
    const calls = watched.callbacksFor('output.children');
    assert.ok(calls.length >= 2);
    assert.ok(calls.every((c) => c.status === 200));
    const cookies = await watched.context.cookies(server.url);
    const token = cookies.find((c) => c.name === '_csrf_token');
    assert.ok(token && token.secure, JSON.stringify(cookies));
    assert.deepEqual(watched.problems(), []);
  });
});
