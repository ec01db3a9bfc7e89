// tests/e2e/student_scores.test.js
// Browser test of apps/student_scores: picking a score shows how many students
// gave it, and the answers do not drift when scores are picked again.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, dropdownValue, poll,
  screenshot,
} = require('./browser.js');

const TITLE = 'Student scores';
// The seed's data: scores 1, 5, 2, 5, 2, 3, 1, 5, 1, 5.
const EXPECTED = { 1: '3', 2: '2', 3: '1', 4: '0', 5: '4' };

describe('student_scores in the browser', { timeout: 60000 }, () => {
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

  /// Picks `score`, waits for the answer and checks that exactly one
  /// callback request, carrying that score, went to the server.
  async function pick(score) {
    const { page } = watched;
    const before = watched.callbacksFor('output.children').length;
    await chooseOption(page, 'score', String(score));
    const shown = await poll(() => page.innerText('#output'),
      (t) => t.trim() === EXPECTED[score], { what: `#output for ${score}` });
    await waitForIdle(watched, TITLE);
    const calls = watched.callbacksFor('output.children').slice(before);
    assert.equal(calls.length, 1, `one callback request for score ${score}`);
    assert.equal(calls[0].status, 200);
    const body = JSON.parse(calls[0].request.postData());
    assert.deepEqual(body.inputs,
      [{ id: 'score', property: 'value', value: score }]);
    return shown.trim();
  }

  test('the first render shows score 1 and its count', async () => {
    const { page } = watched;
    await gotoApp(watched, server.url, TITLE);
    assert.equal(await page.title(), TITLE);
    await page.getByText('was scored by this many students:').waitFor();
    assert.equal((await dropdownValue(page, 'score')).trim(), '1');
    await poll(() => page.innerText('#output'), (t) => t.trim() === EXPECTED[1],
      { what: '#output after load' });
    // The initial call is the only one so far.
    assert.equal(watched.callbacksFor('output.children').length, 1);
  });

  test('scores 2..5 picked in order show 2, 1, 0, 4', async () => {
    const seen = [EXPECTED[1]];
    for (const score of [2, 3, 4, 5]) seen.push(await pick(score));
    assert.deepEqual(seen, ['3', '2', '1', '0', '4']);
  });

  test('revisiting in another order gives the same counts', async () => {
    const seen = {};
    for (const score of [4, 1, 5, 2, 3]) seen[score] = await pick(score);
    assert.deepEqual(seen, EXPECTED);
  });

  test('a reload starts again from score 1, served from cache or not',
    async () => {
      const { page } = watched;
      const before = watched.callbacksFor('output.children').length;
      await page.reload();
      await page.waitForSelector('#react-entry-point > *');
      assert.equal((await dropdownValue(page, 'score')).trim(), '1');
      await poll(() => page.innerText('#output'),
        (t) => t.trim() === EXPECTED[1], { what: '#output after reload' });
      await waitForIdle(watched, TITLE);
      assert.equal(watched.callbacksFor('output.children').length, before + 1);
      assert.equal(await pick(5), EXPECTED[5]);
    });

  test('no console errors, failed or foreign requests', async () => {
    await screenshot(watched.page, 'student_scores');
    assert.deepEqual(watched.problems(), []);
  });
});
