// tests/e2e/callback_features.test.js
// Browser test of tests/support/callback_features_app.cpp: dict ids, MATCH,
// ALL, ALLSMALLER, Patch, on_error, set_props, no-output/no-input callbacks.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, poll, byId, screenshot,
} = require('./browser.js');

const TITLE = 'Callback features';
const GREET = { role: 'greet', index: 0 };
const num = (index) => ({ type: 'num', index });
const sum = (index) => ({ type: 'sum', index });
const double = (index) => ({ type: 'double', index });

function textOf(page, id) {
  return page.locator(byId(id)).innerText();
}

function waitForText(page, id, want) {
  return poll(async () => (await textOf(page, id)).trim(),
    (t) => t === want, { what: `${JSON.stringify(id)} to show "${want}"` });
}

/// The texts of the list items of the html.Ul `id`.
function listItems(page, id) {
  return page.locator(`${byId(id)} > li`).allInnerTexts();
}

describe('callback features in the browser', { timeout: 90000 }, () => {
  let server;
  let browser;
  let watched;

  before(async () => {
    server = await startServer('callback_features');
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('on load: dict-id input, running sums, store view, no-input',
    async () => {
      const { page } = watched;
      await gotoApp(watched, server.url, TITLE);
      await waitForText(page, 'greet-out', 'Hello, world');
      await waitForText(page, 'loaded', 'Loaded on page load');
      await waitForText(page, 'optional-out',
        'Optional input: absent (greet world)');
      await waitForText(page, sum(0), 'Row 0: 1, earlier sum 0');
      await waitForText(page, sum(1), 'Row 1: 2, earlier sum 1');
      await waitForText(page, sum(2), 'Row 2: 3, earlier sum 3');
      await waitForText(page, sum(3), 'Row 3: 4, earlier sum 6');
      for (let i = 0; i < 4; ++i)
        await waitForText(page, double(i), `doubled ${2 * (i + 1)}`);
      await waitForText(page, 'items-view', 'Fruits: b, c [0 changes]');
      assert.deepEqual(await listItems(page, 'patch-ul'), ['one', 'two']);
      assert.equal((await textOf(page, 'app-error-out')).trim(), 'untouched');
      assert.equal((await textOf(page, 'ping-out')).trim(), '');
      assert.deepEqual(watched.problems(), []);
    });

  test('typing in the dict-id input names it as the trigger', async () => {
    const { page } = watched;
    await page.locator(byId(GREET)).fill('there');
    await waitForText(page, 'greet-out', 'Hello, there [typed in greet 0]');
    await waitForIdle(watched, TITLE);
  });

  test('changing a row updates it and the rows below it', async () => {
    const { page } = watched;
    await page.locator(byId(num(1))).fill('10');
    await waitForText(page, sum(1), 'Row 1: 10, earlier sum 1');
    await waitForText(page, sum(2), 'Row 2: 3, earlier sum 11');
    await waitForText(page, sum(3), 'Row 3: 4, earlier sum 14');
    await waitForText(page, double(1), 'doubled 20');
    await waitForIdle(watched, TITLE);
    assert.deepEqual(
      await Promise.all([0, 1, 2, 3].map(
        async (i) => (await textOf(page, double(i))).trim())),
      ['doubled 2', 'doubled 20', 'doubled 6', 'doubled 8'],
      'the ALL output fills every row in order');
    assert.equal((await textOf(page, sum(0))).trim(),
      'Row 0: 1, earlier sum 0', 'the row above is unchanged');
  });

  test('Patch operations change the stored list piece by piece', async () => {
    const { page } = watched;
    const steps = [
      ['prepend', 'Fruits: a, b, c [1 changes]'],
      ['insert', 'Fruits: a, x, b, c [2 changes]'],
      ['remove', 'Fruits: a, x, c [3 changes]'],
      ['reverse', 'Fruits: c, x, a [4 changes]'],
      ['extend', 'Fruits: c, x, a, d, e [5 changes]'],
      ['assign', 'Renamed: z, x, a, d, e [6 changes]'],
      ['merge', 'Renamed: z, x, a, d, e (merged) [7 changes]'],
      ['erase', 'Renamed: z, x, a, d, e [8 changes]'],
      ['clear', 'Renamed: (empty) [9 changes]'],
    ];
    for (const [op, want] of steps) {
      await page.locator(byId(`op-${op}`)).click();
      await waitForText(page, 'items-view', want);
      await waitForIdle(watched, TITLE);
    }
  });

  test('a Patch prepends to a children list and sets a nested prop',
    async () => {
      const { page } = watched;
      await page.locator(byId('ul-patch')).click();
      await poll(() => listItems(page, 'patch-ul'),
        (items) => items.join() === 'zero,one,TWO',
        { what: 'the list to read zero, one, TWO' });
      await waitForIdle(watched, TITLE);
    });

  test("a callback's on_error answers with its text", async () => {
    const { page } = watched;
    await page.locator(byId('boom-own')).click();
    await waitForText(page, 'own-error-out', 'Recovered: kaboom 1');
    await waitForIdle(watched, TITLE);
    const calls = watched.callbacksFor('own-error-out');
    assert.deepEqual(calls.map((c) => c.status), [200]);
  });

  test("the app's on_error sets another component, outputs stay",
    async () => {
      const { page } = watched;
      await page.locator(byId('boom-app')).click();
      await waitForText(page, 'app-error', 'App caught: app-level 1');
      await waitForIdle(watched, TITLE);
      assert.equal((await textOf(page, 'app-error-out')).trim(), 'untouched');
      await page.locator(byId('boom-app')).click();
      await waitForText(page, 'app-error', 'App caught: app-level 2');
      await waitForIdle(watched, TITLE);
      assert.equal((await textOf(page, 'app-error-out')).trim(), 'untouched');
    });

  test('a callback without outputs changes the page through set_props',
    async () => {
      const { page } = watched;
      for (let n = 1; n <= 2; ++n) {
        await page.locator(byId('ping')).click();
        await waitForText(page, 'ping-out', `Pinged ${n}`);
        await waitForIdle(watched, TITLE);
      }
      await screenshot(page, 'callback_features');
    });

  // items-view is fed only by items-store.data, which a Patch callback
  // writes: the server's fan-out must not start it with the Patch's wire
  // form as the store's data (only the browser has the patched value).
  test('no callback runs with a Patch as its input', () => {
    const misfed = server.logs().split('\n')
      .filter((l) => /request=fan-out callback=items-view/.test(l)
        || /memo=callback:items-view\.children args=\[\{"__dash_patch_update/
          .test(l));
    assert.deepEqual(misfed, []);
  });

  test('every callback request was answered without an error', () => {
    const failed = watched.callbacks
      .filter((c) => c.status !== 200 && c.status !== 204);
    assert.deepEqual(failed.map((c) => [c.output, c.status]), []);
    assert.deepEqual(watched.problems(), []);
  });
});
