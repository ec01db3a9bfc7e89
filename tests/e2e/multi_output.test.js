// tests/e2e/multi_output.test.js
// Browser test of apps/multi_output: one callback queries a fruit's sales
// once and fills both a bar chart and a table.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, clearDropdown,
  dropdownValue, poll, readGraph, readTable, screenshot,
} = require('./browser.js');

const TITLE = 'One callback, two outputs';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
const QUERY = /query fruit=(\S+) request=(\S+)/;

/// The "query" log lines so far, as [{ fruit, request }].
function queries(server) {
  return server.logs().split('\n')
    .map((line) => line.match(QUERY))
    .filter(Boolean)
    .map((m) => ({ fruit: m[1], request: m[2] }));
}

/// The sales apps/multi_output computes for `fruit` (its formula).
function expectedSales(fruit) {
  let seed = 0;
  for (const c of fruit) seed = (seed * 31 + c.charCodeAt(0)) % 97;
  return MONTHS.map((_, i) => 20 + ((seed * (i + 3)) % 50));
}

/// Checks one fruit's chart and table, and that both show the same data.
function checkFruit(graph, table, fruit) {
  assert.equal(graph.title, `Sales of ${fruit}`, 'graph title');
  assert.equal(graph.bars, 6, 'bars drawn');
  assert.equal(graph.data.length, 1, 'one trace');
  assert.equal(graph.data[0].type, 'bar');
  assert.deepEqual(graph.data[0].x, MONTHS);
  assert.deepEqual(table.head, ['month', 'sales']);
  assert.equal(table.body.length, 6, 'table body rows');
  assert.deepEqual(table.body.map((r) => r[0]), MONTHS);
  const sales = table.body.map((r) => Number(r[1]));
  assert.deepEqual(graph.data[0].y, sales, 'graph and table agree');
  assert.deepEqual(sales, expectedSales(fruit), `${fruit} sales`);
}

describe('multi_output in the browser', { timeout: 60000 }, () => {
  let server;
  let browser;
  let watched;

  before(async () => {
    server = await startServer('multi_output', ['--delay-ms', '100']);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('the first render shows apples as 6 bars and 6 rows', async () => {
    const { page } = watched;
    await gotoApp(watched, server.url, TITLE);
    assert.equal((await dropdownValue(page, 'fruit')).trim(), 'apples');
    // One response fills both, so the table is there once the chart is.
    checkFruit(await readGraph(page, 'sales-graph'),
      await readTable(page, 'sales-table'), 'apples');
    await server.waitForLog(/query fruit=apples/, 2000);
    assert.deepEqual(queries(server).map((q) => q.fruit), ['apples']);
    // Both outputs come from a single request.
    assert.equal(watched.callbacks.length, 1);
    assert.match(watched.callbacks[0].output, /sales-graph\.figure/);
    assert.match(watched.callbacks[0].output, /sales-table\.children/);
  });

  test('each selection runs one query and updates both outputs', async () => {
    const { page } = watched;
    const seen = ['apples'];
    for (const fruit of ['figs', 'oranges', 'apples']) {
      const before = watched.callbacks.length;
      await chooseOption(page, 'fruit', fruit);
      await poll(() => readGraph(page, 'sales-graph'),
        (g) => g.title === `Sales of ${fruit}`, { what: `title for ${fruit}` });
      const want = expectedSales(fruit).join();
      await poll(() => readTable(page, 'sales-table'),
        (t) => t.body.map((r) => r[1]).join() === want,
        { what: `table for ${fruit}` });
      await waitForIdle(watched, TITLE);
      checkFruit(await readGraph(page, 'sales-graph'),
        await readTable(page, 'sales-table'), fruit);
      if (fruit === 'figs') await screenshot(page, 'multi_output');

      seen.push(fruit);
      await poll(() => queries(server).length, (n) => n >= seen.length,
        { timeoutMs: 2000, what: `${seen.length} query lines` });
      assert.deepEqual(queries(server).map((q) => q.fruit), seen,
        `one query per selection:\n${server.logs()}`);
      assert.equal(watched.callbacks.length, before + 1,
        'one callback request per selection');
    }
    const ids = queries(server).map((q) => q.request);
    assert.equal(new Set(ids).size, ids.length, 'distinct request ids');
  });

  test('no console errors, failed or foreign requests', () => {
    assert.deepEqual(watched.problems(), []);
  });

  // Runs last: it checks only the problems it causes itself.
  test('clearing the dropdown is not an error, and the page recovers',
    async () => {
      const { page } = watched;
      const problemsBefore = watched.problems().length;
      const callsBefore = watched.callbacks.length;
      await clearDropdown(page, 'fruit');
      await poll(() => watched.callbacks.slice(callsBefore),
        (c) => c.length > 0 && c.every((x) => x.status !== null),
        { what: 'the callback for the cleared value to be answered' });
      await waitForIdle(watched, TITLE);
      const calls = watched.callbacks.slice(callsBefore);
      assert.deepEqual(watched.problems().slice(problemsBefore), [],
        'clearing (value null) must not fail: '
        + JSON.stringify(calls.map((c) => [c.output, c.status])));
      await chooseOption(page, 'fruit', 'figs');
      await poll(() => readGraph(page, 'sales-graph'),
        (g) => g.title === 'Sales of figs', { what: 'Sales of figs' });
      await waitForIdle(watched, TITLE);
      checkFruit(await readGraph(page, 'sales-graph'),
        await readTable(page, 'sales-table'), 'figs');
    });
});
