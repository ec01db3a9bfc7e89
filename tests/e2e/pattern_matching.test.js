// tests/e2e/pattern_matching.test.js
// Browser test of apps/pattern_matching: Patch-added rows, MATCH and ALL on
// dict ids, set_props, allow_duplicate, running, clientside callbacks.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, clearDropdown,
  dropdownValue, poll, byId, screenshot,
} = require('./browser.js');

const TITLE = 'Pattern-matching callbacks';
const NOTE = { role: 'note', index: 0 };
const city = (index) => ({ type: 'city', index });
const cityOut = (index) => ({ type: 'city-out', index });

/// The text the element `id` (a string or dict id) shows.
function textOf(page, id) {
  return page.locator(byId(id)).innerText();
}

/// Waits until the element `id` shows exactly `want` (after trimming).
function waitForText(page, id, want) {
  return poll(async () => (await textOf(page, id)).trim(),
    (t) => t === want, { what: `${JSON.stringify(id)} to show "${want}"` });
}

/// The dict ids of the city dropdowns in the page, in layout order.
function cityDropdowns(page) {
  return page.evaluate(() => [...document.querySelectorAll('[id^="{"]')]
    .map((el) => {
      try {
        return JSON.parse(el.id);
      } catch {
        return null;
      }
    })
    .filter((id) => id && id.type === 'city'));
}

describe('pattern_matching in the browser', { timeout: 90000 }, () => {
  let server;
  let browser;
  let watched;

  before(async () => {
    server = await startServer('pattern_matching', ['--delay-ms', '1000']);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('the page loads with no filters', async () => {
    const { page } = watched;
    await gotoApp(watched, server.url, TITLE);
    await waitForText(page, 'filter-count', 'Filters: 0');
    await waitForText(page, 'note-echo', 'Note:');
    // The ALL callback runs on load with an empty list.
    await waitForText(page, 'summary', 'Selected: none');
    assert.equal((await textOf(page, 'note-upper')).trim(), '');
    assert.equal((await textOf(page, 'status')).trim(), '');
    assert.equal((await textOf(page, 'slow-output')).trim(), '');
    assert.deepEqual(await cityDropdowns(page), []);
    assert.equal(await page.locator(byId('slow')).isEnabled(), true);
    assert.deepEqual(watched.problems(), []);
  });

  test('three clicks add three filter rows', async () => {
    const { page } = watched;
    for (let n = 1; n <= 3; ++n) {
      await page.locator(byId('add-filter')).click();
      await waitForText(page, 'filter-count', `Filters: ${n}`);
      await waitForText(page, 'status', `Added filter ${n}`);
      await waitForText(page, cityOut(n), `Filter ${n}: none`);
      await waitForIdle(watched, TITLE);
    }
    assert.deepEqual(await cityDropdowns(page), [city(1), city(2), city(3)]);
    for (let n = 1; n <= 3; ++n) {
      assert.equal((await textOf(page, cityOut(n))).trim(),
        `Filter ${n}: none`);
      assert.equal((await dropdownValue(page, city(n))).trim(), '');
    }
    await waitForText(page, 'summary', 'Selected: none');
    assert.deepEqual(watched.problems(), []);
  });

  test('choosing cities updates their rows and the summary', async () => {
    const { page } = watched;
    await chooseOption(page, city(1), 'NYC');
    await waitForText(page, cityOut(1), 'Filter 1: NYC');
    await waitForText(page, 'summary', 'Selected: NYC');
    await chooseOption(page, city(3), 'LA');
    await waitForText(page, cityOut(3), 'Filter 3: LA');
    await waitForText(page, 'summary', 'Selected: NYC, LA');
    await waitForIdle(watched, TITLE);
    assert.equal((await textOf(page, cityOut(2))).trim(), 'Filter 2: none');
    assert.equal((await dropdownValue(page, city(1))).trim(), 'NYC');
    assert.equal((await dropdownValue(page, city(2))).trim(), '');
    assert.equal((await dropdownValue(page, city(3))).trim(), 'LA');
    assert.deepEqual(watched.problems(), []);
  });

  test('Clear status writes the status a second callback also sets',
    async () => {
      const { page } = watched;
      assert.equal((await textOf(page, 'status')).trim(), 'Added filter 3');
      await page.locator(byId('clear-status')).click();
      await waitForText(page, 'status', 'Cleared');
      await waitForIdle(watched, TITLE);
    });

  test('Slow is disabled while its callback runs', async () => {
    const { page } = watched;
    const button = page.locator(byId('slow'));
    await button.click();
    await poll(() => button.isDisabled(), (d) => d,
      { what: 'Slow to be disabled while running' });
    assert.equal((await textOf(page, 'slow-output')).trim(), '',
      'no answer yet while disabled');
    await waitForText(page, 'slow-output', 'Slow done 1');
    await poll(() => button.isEnabled(), (e) => e,
      { what: 'Slow to be enabled again' });
    await waitForIdle(watched, TITLE);
  });

  test('typing a note echoes it on the server and in capitals clientside',
    async () => {
      const { page } = watched;
      const note = page.locator(byId(NOTE));
      await note.click();
      await note.pressSequentially('hello');
      await waitForText(page, 'note-echo', 'Note: hello');
      await waitForText(page, 'note-upper', 'HELLO');
      await waitForIdle(watched, TITLE);
      await page.mouse.move(0, 0);
      const file = await screenshot(page, 'pattern_matching');
      assert.ok(file.endsWith('pattern_matching.png'));
    });

  test('clearing a dropdown shows "none" again', async () => {
    const { page } = watched;
    await clearDropdown(page, city(1));
    await waitForText(page, cityOut(1), 'Filter 1: none');
    await waitForText(page, 'summary', 'Selected: LA');
    await chooseOption(page, city(2), 'TOKYO');
    await waitForText(page, cityOut(2), 'Filter 2: TOKYO');
    await waitForText(page, 'summary', 'Selected: TOKYO, LA');
    await waitForIdle(watched, TITLE);
  });

  test('clientside callbacks never reach the server', () => {
    assert.deepEqual(watched.callbacksFor('filter-count'), []);
    assert.deepEqual(watched.callbacksFor('note-upper'), []);
    // The server did see the others, and answered each.
    assert.ok(watched.callbacksFor('city-out').length >= 3);
    assert.ok(watched.callbacksFor('summary').length >= 1);
    assert.ok(watched.callbacksFor('note-echo').length >= 1);
    const failed = watched.callbacks
      .filter((c) => c.status !== 200 && c.status !== 204);
    assert.deepEqual(failed.map((c) => [c.output, c.status]), []);
  });

  test('no console errors, failed or foreign requests', () => {
    assert.deepEqual(watched.problems(), []);
  });
});
