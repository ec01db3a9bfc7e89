// tests/e2e/demo.test.js
// Smoke test of apps/demo: the three examples on one page each work, and
// using one section runs none of the other sections' callbacks.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, poll, readGraph,
  readTable, screenshot,
} = require('./browser.js');

const TITLE = 'dashcpp: sharing data between callbacks';

describe('demo in the browser', { timeout: 60000 }, () => {
  let server;
  let browser;
  let watched;

  before(async () => {
    server = await startServer('demo', ['--delay-ms', '200']);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  const slowSteps = () => server.count(/slow processing step value=/);
  const queries = () => server.count(/query fruit=/);

  test('all three sections render', async () => {
    const { page } = watched;
    await gotoApp(watched, server.url, TITLE);
    assert.equal((await page.innerText('h1')).trim(),
      'Sharing data between callbacks');
    for (const id of ['student-scores', 'example-1', 'multi-output'])
      assert.equal(await page.locator(`section[id="${id}"] h2`).count(), 1, id);

    await poll(() => page.innerText('#output'), (t) => t.trim() === '3',
      { what: '#output 3' });
    const graph = await readGraph(page, 'graph');
    assert.equal(graph.title, 'Montreal');
    assert.equal(graph.points, 7);
    await poll(() => readTable(page, 'table'), (t) => t.body.length === 7,
      { what: '7 table rows' });
    const sales = await readGraph(page, 'sales-graph');
    assert.equal(sales.title, 'Sales of apples');
    assert.equal(sales.bars, 6);
    assert.equal((await readTable(page, 'sales-table')).body.length, 6);
    await server.waitForLog(/query fruit=apples/, 2000);
    assert.equal(slowSteps(), 1);
    assert.equal(queries(), 1);
  });

  test('student scores: picking 5 shows 4, and nothing else runs',
    async () => {
      const { page } = watched;
      await chooseOption(page, 'score', '5');
      await poll(() => page.innerText('#output'), (t) => t.trim() === '4',
        { what: '#output 4' });
      await waitForIdle(watched, TITLE);
      assert.equal(slowSteps(), 1);
      assert.equal(queries(), 1);
    });

  test('example 1: Vancouver redraws graph and table', async () => {
    const { page } = watched;
    const before = (await readTable(page, 'table')).body;
    await chooseOption(page, 'dropdown', 'Vancouver');
    const graph = await poll(() => readGraph(page, 'graph'),
      (g) => g.title === 'Vancouver', { what: 'graph title Vancouver' });
    assert.equal(graph.points, 7);
    await poll(() => readTable(page, 'table'),
      (t) => t.body.length === 7
        && JSON.stringify(t.body) !== JSON.stringify(before),
      { what: 'table to change' });
    await waitForIdle(watched, TITLE);
    await server.waitForLog(/slow processing step value=Vancouver/, 2000);
    assert.equal(slowSteps(), 2);
    assert.equal(queries(), 1);
    assert.equal((await page.innerText('#output')).trim(), '4');
  });

  test('multi output: oranges redraws chart and table', async () => {
    const { page } = watched;
    await chooseOption(page, 'fruit', 'oranges');
    const sales = await poll(() => readGraph(page, 'sales-graph'),
      (g) => g.title === 'Sales of oranges', { what: 'Sales of oranges' });
    assert.equal(sales.bars, 6);
    await poll(() => readTable(page, 'sales-table'),
      (t) => t.body.length === 6
        && t.body.map((r) => Number(r[1])).join() === sales.data[0].y.join(),
      { what: 'table to match the chart' });
    await waitForIdle(watched, TITLE);
    await server.waitForLog(/query fruit=oranges/, 2000);
    assert.equal(queries(), 2);
    assert.equal(slowSteps(), 2);
    assert.equal((await readGraph(page, 'graph')).title, 'Vancouver');
    await screenshot(page, 'demo');
  });

  test('no console errors, failed or foreign requests', () => {
    assert.deepEqual(watched.problems(), []);
  });
});
