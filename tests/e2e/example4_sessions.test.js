// tests/e2e/example4_sessions.test.js
// Browser test of apps/example4_sessions (the seed's Example 4, user-based
// session data on the server): two users, each in a browser context of its
// own (own cookies), load the page and click "Get data". Both outputs show
// the session's table; the slow step ran once per user; clicking again
// computes nothing and shows the same rows; user A's rows differ from
// user B's, and neither ever sees the other's.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, poll, screenshot,
} = require('./browser.js');

const TITLE = 'Example 4 - user-based session data on the server';
const DELAY_MS = 1000;
const OUTPUTS = ['output-1', 'output-2'];

/// The lines of the computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// What output `id` shows: { caption, head, rows: [[time, value]] }, or
/// null while it holds no table.
function readOutput(page, id) {
  return page.evaluate((oid) => {
    const div = document.getElementById(oid);
    const table = div && div.querySelector('table');
    if (!table) return null;
    const cells = (tr) => [...tr.children].map((c) => c.textContent.trim());
    // <div id=output-N><div>caption<table>..</table></div></div>
    const inner = table.parentElement;
    const caption = [...inner.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent).join('').trim();
    return {
      caption,
      head: [...table.querySelectorAll('thead tr')].map(cells)[0] || [],
      rows: [...table.querySelectorAll('tbody tr')].map(cells),
    };
  }, id);
}

/// Both outputs, once each shows a table whose caption says `clicks`.
async function waitForOutputs(page, clicks) {
  const all = await poll(
    async () => Promise.all(OUTPUTS.map((id) => readOutput(page, id))),
    (outs) => outs.every((o, i) => o !== null && o.caption
      === `Output ${i + 1} - Button has been clicked ${clicks} times`),
    { what: `both outputs to show a table after ${clicks} clicks`,
      timeoutMs: DELAY_MS + 10000 });
  return { 'output-1': all[0], 'output-2': all[1] };
}

/// Checks what one user sees: both outputs hold the same four rows, a b a
/// c, 5 s apart (the seed's data frame).
function checkTables(outs, clicks) {
  for (const [i, id] of OUTPUTS.entries()) {
    const o = outs[id];
    assert.equal(o.caption,
      `Output ${i + 1} - Button has been clicked ${clicks} times`);
    assert.deepEqual(o.head, ['time', 'values'], `${id}: header`);
    assert.deepEqual(o.rows.map((r) => r[1]), ['a', 'b', 'a', 'c'],
      `${id}: values`);
    const t = o.rows.map((r) => Date.parse(`${r[0].replace(' ', 'T')}Z`));
    assert.deepEqual(t.map((x) => t[3] - x), [15000, 10000, 5000, 0],
      `${id}: rows 5 s apart: ${JSON.stringify(o.rows)}`);
  }
  assert.deepEqual(outs['output-2'].rows, outs['output-1'].rows,
    'both outputs show the one computation');
}

/// The session cookie of a browser context.
async function sessionCookie(context) {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name === 'dash_session');
}

/// Clicks "Get data" and waits until both outputs show `clicks`.
async function clickGetData(watched, clicks) {
  await watched.page.getByRole('button', { name: 'Get data' }).click();
  const outs = await waitForOutputs(watched.page, clicks);
  await waitForIdle(watched, TITLE);
  return outs;
}

describe('example4_sessions in the browser: two users', { timeout: 90000 },
  () => {
    let server;
    let browser;
    let dir;
    let log;
    let alice;
    let bob;
    const seen = {};

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-e4-'));
      log = path.join(dir, 'computations.log');
      server = await startServer('example4_sessions', [
        '--delay-ms', String(DELAY_MS), '--computation-log', log,
        '--session-secret-file', path.join(dir, 'session.key'),
      ]);
      browser = await launch();
      alice = await openPage(browser); // a browser context each
      bob = await openPage(browser);
    });

    after(async () => {
      if (browser) await browser.close();
      if (server) await server.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('user A: the page gets a session, "Get data" shows both tables, '
      + 'computed once', async () => {
      const t0 = Date.now();
      await gotoApp(alice, server.url, TITLE);
      const cookie = await sessionCookie(alice.context);
      assert.ok(cookie, 'a dash_session cookie');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(await alice.page.evaluate(() => document.cookie
        .includes('dash_session')), false, 'scripts cannot read the id');
      seen.alice = { id: cookie.value };

      // The page's first render already asked for the data (the seed's
      // callbacks have no prevent_initial_call): 0 clicks.
      const first = await waitForOutputs(alice.page, 0);
      checkTables(first, 0);
      assert.ok(Date.now() - t0 >= DELAY_MS, 'the slow step ran');

      const clicked = await clickGetData(alice, 1);
      checkTables(clicked, 1);
      assert.deepEqual(clicked['output-1'].rows, first['output-1'].rows);
      assert.deepEqual(computations(log), [
        `Computing session data for session ${cookie.value.slice(0, 6)}`],
      server.logs());
      seen.alice.rows = clicked['output-1'].rows;
      assert.deepEqual(alice.problems(), []);
    });

    test('user B, in another context, gets a session and rows of its own',
      async () => {
        assert.ok(seen.alice, 'user A ran first');
        // Let the clock pass a whole second, so B's rows carry other times.
        const lastA = Date.parse(`${seen.alice.rows[3][0].replace(' ', 'T')}Z`);
        while (Date.now() < lastA + 1100)
          await new Promise((r) => setTimeout(r, 50));

        await gotoApp(bob, server.url, TITLE);
        const cookie = await sessionCookie(bob.context);
        assert.ok(cookie, 'a dash_session cookie');
        assert.notEqual(cookie.value, seen.alice.id, 'another session');
        seen.bob = { id: cookie.value };
        await waitForOutputs(bob.page, 0);
        const clicked = await clickGetData(bob, 1);
        checkTables(clicked, 1);
        seen.bob.rows = clicked['output-1'].rows;
        assert.notDeepEqual(seen.bob.rows, seen.alice.rows,
          'user A\'s rows differ from user B\'s');
        assert.deepEqual(computations(log).sort(), [
          `Computing session data for session ${seen.alice.id.slice(0, 6)}`,
          `Computing session data for session ${seen.bob.id.slice(0, 6)}`,
        ].sort(), 'the slow step ran once per user');
        assert.deepEqual(bob.problems(), []);
      });

    test('clicking again recomputes nothing and shows the same rows, for '
      + 'each user', async () => {
      assert.ok(seen.alice && seen.bob, 'both users ran first');
      for (const clicks of [2, 3]) {
        const [a, b] = await Promise.all([
          clickGetData(alice, clicks), clickGetData(bob, clicks)]);
        checkTables(a, clicks);
        checkTables(b, clicks);
        assert.deepEqual(a['output-1'].rows, seen.alice.rows,
          'user A sees only A\'s rows');
        assert.deepEqual(b['output-1'].rows, seen.bob.rows,
          'user B sees only B\'s rows');
      }
      assert.equal(computations(log).length, 2, computations(log).join('\n'));

      // A reload is the same session: same rows, nothing computed.
      await gotoApp(alice, server.url, TITLE);
      const again = await waitForOutputs(alice.page, 0);
      assert.deepEqual(again['output-1'].rows, seen.alice.rows);
      assert.equal((await sessionCookie(alice.context)).value, seen.alice.id);
      assert.equal(computations(log).length, 2);

      for (const w of [alice, bob]) {
        assert.ok(w.callbacksFor('output-1').length >= 4);
        assert.ok(w.callbacks.every((c) => c.status === 200),
          JSON.stringify(w.callbacks.map((c) => [c.output, c.status])));
        assert.deepEqual(w.problems(), []);
      }
      await clickGetData(alice, 1);
      const fileA = await screenshot(alice.page, 'example4_sessions_user_a');
      const fileB = await screenshot(bob.page, 'example4_sessions_user_b');
      assert.ok(fs.statSync(fileA).size > 0);
      assert.ok(fs.statSync(fileB).size > 0);
    });
  });
