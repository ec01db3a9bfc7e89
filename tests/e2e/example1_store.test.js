// tests/e2e/example1_store.test.js
// Browser test of apps/example1_store (the seed's Example 1): one slow step
// fills a dcc.Store, and both the graph and the table are drawn from it.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../support/server.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, clearDropdown,
  dropdownValue, poll, readGraph, readTable, screenshot,
} = require('./browser.js');

const TITLE = 'Example 1 - dcc.Store';
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SLOW_STEP = /slow processing step value=(\S+) request=(\S+)/;

/// The slow-step log lines so far, as [{ value, request }].
function slowSteps(server) {
  return server.logs().split('\n')
    .map((line) => line.match(SLOW_STEP))
    .filter(Boolean)
    .map((m) => ({ value: m[1], request: m[2] }));
}

/// The week apps/example1_store computes for `city` (its formula, rounded
/// to 0.1 half away from zero like std::round).
function expectedTemps(city) {
  const base = { Montreal: -4, Toronto: -1, Vancouver: 6 }[city];
  return DAYS.map((_, i) => {
    const t = (base + 3 * Math.sin(i * 0.9 + base)) * 10;
    return (Math.sign(t) * Math.round(Math.abs(t))) / 10 || 0; // no -0
  });
}

/// Checks one city's graph and table, and that both show the same data.
function checkCity(graph, table, city) {
  assert.equal(graph.title, city, 'graph title');
  assert.equal(graph.points, 7, 'graph markers drawn');
  assert.equal(graph.data.length, 1, 'one trace');
  assert.equal(graph.data[0].type, 'scatter');
  assert.deepEqual(graph.data[0].x, DAYS);
  assert.equal(new Set(graph.transforms).size, 7, 'markers at 7 places');
  assert.deepEqual(table.head, ['day', 'temperature']);
  assert.equal(table.body.length, 7, 'table body rows');
  assert.deepEqual(table.body.map((r) => r[0]), DAYS);
  const temps = table.body.map((r) => Number(r[1]));
  assert.ok(temps.every(Number.isFinite), `numeric temperatures: ${temps}`);
  assert.deepEqual(graph.data[0].y, temps, 'graph and table agree');
  assert.deepEqual(temps, expectedTemps(city), `${city}'s temperatures`);
}

describe('example1_store in the browser', { timeout: 60000 }, () => {
  let server;
  let browser;
  let watched;
  let montreal;

  before(async () => {
    server = await startServer('example1_store', ['--delay-ms', '300']);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('the first render draws Montreal in the graph and the table',
    async () => {
      const { page } = watched;
      await gotoApp(watched, server.url, TITLE);
      assert.equal((await dropdownValue(page, 'dropdown')).trim(), 'Montreal');
      const graph = await readGraph(page, 'graph');
      const table = await poll(() => readTable(page, 'table'),
        (t) => t.body.length > 0, { what: 'table rows' });
      checkCity(graph, table, 'Montreal');
      montreal = { graph, table };

      await server.waitForLog(/slow processing step value=Montreal/, 2000);
      const steps = slowSteps(server);
      assert.equal(steps.length, 1,
        `one slow step after load:\n${server.logs()}`);
      assert.equal(steps[0].value, 'Montreal');
      // The store is filled once; graph and table each read it once.
      assert.equal(watched.callbacksFor('intermediate-value.data').length, 1);
      assert.equal(watched.callbacksFor('graph.figure').length, 1);
      assert.equal(watched.callbacksFor('table.children').length, 1);
    });

  test('choosing Toronto redraws both from one slow step', async () => {
    assert.ok(montreal, 'first test ran');
    const { page } = watched;
    await chooseOption(page, 'dropdown', 'Toronto');
    const graph = await poll(() => readGraph(page, 'graph'),
      (g) => g.title === 'Toronto', { what: 'graph title Toronto' });
    const montrealTemps = montreal.table.body.map((r) => r[1]).join();
    await poll(() => readTable(page, 'table'),
      (t) => t.body.map((r) => r[1]).join() !== montrealTemps,
      { what: 'table values to change' });
    await waitForIdle(watched, TITLE);
    // Read again at rest, so graph and table are from the same moment.
    const toronto = await readGraph(page, 'graph');
    const table = await readTable(page, 'table');
    checkCity(toronto, table, 'Toronto');
    assert.equal(graph.title, toronto.title);
    assert.notDeepEqual(toronto.data[0].y, montreal.graph.data[0].y,
      'Toronto temperatures differ from Montreal');
    assert.notDeepEqual(toronto.transforms, montreal.graph.transforms,
      'markers moved');
    assert.notDeepEqual(table.body, montreal.table.body);

    await server.waitForLog(/slow processing step value=Toronto/, 2000);
    const steps = slowSteps(server);
    assert.equal(steps.length, 2, `two slow steps in all:\n${server.logs()}`);
    assert.deepEqual(steps.map((s) => s.value), ['Montreal', 'Toronto']);
    assert.notEqual(steps[0].request, steps[1].request);
    assert.equal(watched.callbacksFor('intermediate-value.data').length, 2);
    assert.equal(watched.callbacksFor('graph.figure').length, 2);
    assert.equal(watched.callbacksFor('table.children').length, 2);
    await screenshot(page, 'example1_store');
  });

  test('a second change during the slow step wins', async () => {
    const { page } = watched;
    const before = slowSteps(server).length;
    await chooseOption(page, 'dropdown', 'Vancouver');
    // Change again while Vancouver's slow step (300 ms) is still running.
    await server.waitForLog(/slow processing step value=Vancouver/, 2000);
    await chooseOption(page, 'dropdown', 'Montreal');
    await poll(async () => [(await readGraph(page, 'graph')).title,
      (await readTable(page, 'table')).body.map((r) => Number(r[1]))],
    ([title, temps]) => title === 'Montreal'
      && temps.join() === expectedTemps('Montreal').join(),
    { what: 'graph and table back on Montreal' });
    await waitForIdle(watched, TITLE);
    checkCity(await readGraph(page, 'graph'), await readTable(page, 'table'),
      'Montreal');
    const steps = slowSteps(server).slice(before);
    assert.deepEqual(steps.map((s) => s.value), ['Vancouver', 'Montreal'],
      `one slow step per change:\n${server.logs()}`);
  });

  test('two users changing at once each get their own city', async () => {
    const other = await openPage(browser);
    try {
      await gotoApp(other, server.url, TITLE);
      checkCity(await readGraph(other.page, 'graph'),
        await poll(() => readTable(other.page, 'table'),
          (t) => t.body.length > 0, { what: 'table rows' }), 'Montreal');
      const before = slowSteps(server).length;
      const change = async (w, city) => {
        await chooseOption(w.page, 'dropdown', city);
        await poll(() => readGraph(w.page, 'graph'), (g) => g.title === city,
          { what: `graph title ${city}` });
        await poll(() => readTable(w.page, 'table'),
          (t) => t.body.map((r) => Number(r[1])).join()
            === expectedTemps(city).join(), { what: `table for ${city}` });
      };
      await Promise.all([change(watched, 'Toronto'),
        change(other, 'Vancouver')]);
      await Promise.all([waitForIdle(watched, TITLE),
        waitForIdle(other, TITLE)]);
      checkCity(await readGraph(watched.page, 'graph'),
        await readTable(watched.page, 'table'), 'Toronto');
      checkCity(await readGraph(other.page, 'graph'),
        await readTable(other.page, 'table'), 'Vancouver');
      const steps = slowSteps(server).slice(before);
      assert.deepEqual(steps.map((s) => s.value).sort(),
        ['Toronto', 'Vancouver'], `one slow step each:\n${server.logs()}`);
      assert.deepEqual(other.problems(), []);
    } finally {
      await other.close();
    }
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
      await clearDropdown(page, 'dropdown');
      await poll(() => watched.callbacks.slice(callsBefore),
        (c) => c.length > 0 && c.every((x) => x.status !== null),
        { what: 'the callback for the cleared value to be answered' });
      await waitForIdle(watched, TITLE);
      const calls = watched.callbacks.slice(callsBefore);
      assert.deepEqual(watched.problems().slice(problemsBefore), [],
        'clearing (value null) must not fail: '
        + JSON.stringify(calls.map((c) => [c.output, c.status])));
      await chooseOption(page, 'dropdown', 'Vancouver');
      await poll(() => readGraph(page, 'graph'),
        (g) => g.title === 'Vancouver', { what: 'graph title Vancouver' });
      await waitForIdle(watched, TITLE);
      checkCity(await readGraph(page, 'graph'), await readTable(page, 'table'),
        'Vancouver');
    });
});
