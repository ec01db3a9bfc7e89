// tests/e2e/example2_aggregations.test.js
// Browser test of apps/example2_aggregations (the seed's Example 2): the slow
// step computes the year's sales once and stores one small subset per fruit
// in a dcc.Store; each of the three graphs draws its fruit's subset.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, dropdownValue, poll,
  readGraph, screenshot,
} = require('./browser.js');

const TITLE = 'Example 2 - computing aggregations up front';
const DELAY_MS = 300;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug',
  'Sep', 'Oct', 'Nov', 'Dec'];
/// Each graph, the store subset it draws and its fruit.
const GRAPHS = [
  { id: 'graph1', subset: 'df_1', fruit: 'apple', base: 40 },
  { id: 'graph2', subset: 'df_2', fruit: 'orange', base: 25 },
  { id: 'graph3', subset: 'df_3', fruit: 'fig', base: 10 },
];

/// The lines of the computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// The monthly sales the app computes for a fruit and year (its formula).
function expectedSales(base, year) {
  return MONTHS.map((_, m) => base + ((Number(year) * 7 + m * 13 + base) % 23));
}

/// The store's value as the server sent it to the page: the body of the
/// latest answered intermediate-value.data callback.
async function latestStore(watched) {
  const calls = watched.callbacksFor('intermediate-value.data')
    .filter((c) => c.status === 200);
  assert.ok(calls.length > 0, 'the store was filled');
  const res = await calls[calls.length - 1].request.response();
  const body = await res.json();
  return body.response['intermediate-value'].data;
}

/// Checks the store of `year`: one subset per fruit, as the app makes it.
function checkStore(store, year) {
  assert.deepEqual(Object.keys(store).sort(),
    ['df_1', 'df_2', 'df_3', 'year']);
  assert.equal(store.year, year);
  for (const g of GRAPHS) {
    assert.deepEqual(store[g.subset], {
      fruit: g.fruit, month: MONTHS, sales: expectedSales(g.base, year),
    }, `${g.subset} of ${year}`);
  }
}

/// Reads the three graphs once their titles name `year`.
async function readYear(page, year) {
  const out = {};
  for (const g of GRAPHS) {
    out[g.id] = await poll(() => readGraph(page, g.id),
      (r) => r.title === `${g.fruit} sales in ${year}`,
      { what: `${g.id} titled for ${year}` });
  }
  return out;
}

/// Checks that each graph draws its own fruit's subset of the store.
function checkGraphs(graphs, store, year) {
  for (const g of GRAPHS) {
    const r = graphs[g.id];
    assert.equal(r.title, `${g.fruit} sales in ${year}`, `${g.id} title`);
    assert.equal(r.data.length, 1, `${g.id}: one trace`);
    assert.equal(r.data[0].type, 'bar', `${g.id}: a bar chart`);
    assert.deepEqual(r.data[0].x, store[g.subset].month, `${g.id} months`);
    assert.deepEqual(r.data[0].y, store[g.subset].sales, `${g.id} sales`);
    assert.equal(r.bars, 12, `${g.id}: a bar per month`);
  }
  // Three different fruits, three different series.
  const ys = GRAPHS.map((g) => graphs[g.id].data[0].y.join());
  assert.equal(new Set(ys).size, 3, 'each graph has its own data');
}

describe('example2_aggregations in the browser', { timeout: 40000 }, () => {
  let server;
  let browser;
  let watched;
  let dir;
  let log;
  let first;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-e2-'));
    log = path.join(dir, 'computations.log');
    server = await startServer('example2_aggregations', [
      '--delay-ms', String(DELAY_MS), '--computation-log', log,
    ]);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the first render draws each fruit of 2024 in its own graph',
    async () => {
      const { page } = watched;
      await gotoApp(watched, server.url, TITLE);
      assert.equal((await dropdownValue(page, 'dropdown')).trim(), '2024');
      const graphs = await readYear(page, '2024');
      const store = await latestStore(watched);
      checkStore(store, '2024');
      checkGraphs(graphs, store, '2024');
      assert.deepEqual(computations(log), ['Computing aggregations for 2024'],
        `one slow step:\n${server.logs()}`);
      assert.equal(watched.callbacksFor('intermediate-value.data').length, 1);
      for (const g of GRAPHS) {
        assert.deepEqual(watched.callbacksFor(`${g.id}.figure`)
          .map((c) => c.status), [200], g.id);
      }
      first = graphs;
    });

  test('switching to 2023 computes once and redraws all three', async () => {
    assert.ok(first, 'first test ran');
    const { page } = watched;
    await chooseOption(page, 'dropdown', '2023');
    await readYear(page, '2023');
    await waitForIdle(watched, TITLE);
    const graphs = await readYear(page, '2023');
    const store = await latestStore(watched);
    checkStore(store, '2023');
    checkGraphs(graphs, store, '2023');
    for (const g of GRAPHS) {
      assert.notDeepEqual(graphs[g.id].data[0].y, first[g.id].data[0].y,
        `${g.id}: 2023 differs from 2024`);
      assert.deepEqual(watched.callbacksFor(`${g.id}.figure`)
        .map((c) => c.status), [200, 200], `${g.id} asked once more`);
    }
    assert.deepEqual(computations(log), ['Computing aggregations for 2024',
      'Computing aggregations for 2023'],
    `one more slow step:\n${server.logs()}`);
    assert.equal(watched.callbacksFor('intermediate-value.data').length, 2);
    await screenshot(page, 'example2_aggregations');
  });

  test('no console errors, failed or foreign requests', () => {
    assert.deepEqual(watched.problems(), []);
    assert.deepEqual(watched.foreignRequests, []);
  });
});
