// tests/e2e/example3_signal.test.js
// Browser test of apps/example3_signal (the seed's Example 3): the dropdown's
// callback computes the memoized global_store and sends the signal; the four
// graphs read the cached value. A category is computed once for every user:
// switching to figs computes once and redraws all four graphs, switching back
// to apples computes nothing, and a second user on apples computes nothing.
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

const TITLE = 'Example 3 - caching and signaling';
const DELAY_MS = 300;
const GRAPHS = ['graph-1', 'graph-2', 'graph-3', 'graph-4'];
/// Rows per category in the app's data frame (N = 100).
const COUNTS = { apples: 500, oranges: 1000, figs: 2000, pineapples: 1500 };

/// The lines of the computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// The debug line of a run of graph `id`'s callback through the cache (the
/// server's fan-out or a browser request, whichever came first) for `key`.
const graphRunLine = (id, key) =>
  new RegExp(`computing memo=callback:${id}\\.figure args=\\["${key}"\\]`);

/// What graph `id` holds and has drawn: its one trace's settings, point
/// counts, the layout margin, and a `drawn` signature of the SVG/image
/// Plotly made (changes when the graph is redrawn with other data).
async function readTrace(page, id) {
  const g = await readGraph(page, id);
  const more = await page.evaluate((gid) => {
    const gd = document.querySelector(`[id="${gid}"] .js-plotly-plot`);
    const t = gd.data[0];
    const attr = (sel, a) => [...gd.querySelectorAll(sel)]
      .map((e) => e.getAttribute(a) || '').join('|');
    return {
      traces: gd.data.length,
      type: t.type,
      mode: t.mode,
      marker: t.marker ? { opacity: t.marker.opacity, size: t.marker.size }
        : undefined,
      line: t.line ? { shape: t.line.shape, width: t.line.width } : undefined,
      margin: { ...gd.layout.margin },
      lines: gd.querySelectorAll('.scatterlayer .js-line').length,
      images: gd.querySelectorAll('.heatmaplayer image').length,
      contours: gd.querySelectorAll('.contourlayer .contourlevel').length,
      drawn: {
        'graph-1': () => '',
        'graph-2': () => attr('.scatterlayer .js-line', 'd'),
        'graph-3': () => attr('.heatmaplayer image', 'href'),
        'graph-4': () => attr('.contourlayer path', 'd'),
      }[gid](),
    };
  }, id);
  if (id === 'graph-1') more.drawn = g.transforms.join('|');
  return { ...more, points: g.points, x: g.data[0].x, y: g.data[0].y };
}

/// All four graphs.
async function readAll(page) {
  const out = {};
  for (const id of GRAPHS) out[id] = await readTrace(page, id);
  return out;
}

/// Polls until every graph holds `n` points; returns what they hold.
function waitForPoints(page, n) {
  return poll(() => readAll(page),
    (gs) => GRAPHS.every((id) => gs[id].x.length === n),
    { what: `all four graphs to hold ${n} points` });
}

/// Checks that the four graphs show category `key` the way the seed draws
/// it: the right trace types and settings, every point, the same points.
function checkGraphs(gs, key) {
  const n = COUNTS[key];
  for (const id of GRAPHS) {
    const g = gs[id];
    assert.equal(g.traces, 1, `${id}: one trace`);
    assert.equal(g.x.length, n, `${id}: ${n} x values for ${key}`);
    assert.equal(g.y.length, n, `${id}: ${n} y values for ${key}`);
    assert.ok(g.x.every(Number.isFinite) && g.y.every(Number.isFinite),
      `${id}: numeric points`);
    assert.deepEqual(g.margin, { l: 20, r: 10, b: 20, t: 10 },
      `${id}: margins`);
    assert.deepEqual(g.x, gs['graph-1'].x, `${id}: same x as graph-1`);
    assert.deepEqual(g.y, gs['graph-1'].y, `${id}: same y as graph-1`);
    assert.ok(g.drawn.length > 0, `${id}: something drawn`);
  }
  const [g1, g2, g3, g4] = GRAPHS.map((id) => gs[id]);
  assert.equal(g1.type, 'scatter');
  assert.equal(g1.mode, 'markers');
  assert.deepEqual(g1.marker, { opacity: 0.5, size: 14 });
  assert.equal(g1.points, n, 'graph-1: a marker drawn per point');
  assert.equal(g2.type, 'scatter');
  assert.equal(g2.mode, 'lines');
  assert.deepEqual(g2.line, { shape: 'spline', width: 0.5 });
  assert.equal(g2.points, 0, 'graph-2: no markers');
  assert.equal(g2.lines, 1, 'graph-2: one line drawn');
  assert.equal(g3.type, 'histogram2d');
  assert.equal(g3.images, 1, 'graph-3: the heatmap image drawn');
  assert.equal(g4.type, 'histogram2dcontour');
  assert.ok(g4.contours > 0, 'graph-4: contour levels drawn');
}

describe('example3_signal in the browser', { timeout: 60000 }, () => {
  let server;
  let browser;
  let watched;
  let dir;
  let log;
  let apples;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-e3-'));
    log = path.join(dir, 'computations.log');
    server = await startServer('example3_signal', [
      '--delay-ms', String(DELAY_MS), '--computation-log', log,
      '--log-level', 'debug',
    ]);
    browser = await launch();
    watched = await openPage(browser);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the first render draws apples in four graphs, computed once',
    async () => {
      const { page } = watched;
      await gotoApp(watched, server.url, TITLE);
      assert.equal((await dropdownValue(page, 'dropdown')).trim(), 'apples');
      apples = await waitForPoints(page, COUNTS.apples);
      checkGraphs(apples, 'apples');
      assert.deepEqual(computations(log), ['Computing value with apples'],
        `one computation:\n${server.logs()}`);
      assert.equal(server.count(
        /computed memo=global_store args=\["apples"\]/), 1);
      assert.equal(watched.callbacksFor('signal.data').length, 1);
      for (const id of GRAPHS) {
        const calls = watched.callbacksFor(`${id}.figure`);
        assert.deepEqual(calls.map((c) => c.status), [200], id);
        // The server ran it once: the signal's fan-out and the browser's
        // request shared the run.
        assert.equal(server.count(graphRunLine(id, 'apples')), 1,
          `${id} ran once for apples:\n${server.logs()}`);
      }
    });

  test('switching to figs computes once and redraws all four', async () => {
    assert.ok(apples, 'first test ran');
    const { page } = watched;
    await chooseOption(page, 'dropdown', 'figs');
    await waitForPoints(page, COUNTS.figs);
    await waitForIdle(watched, TITLE);
    const figs = await readAll(page);
    checkGraphs(figs, 'figs');
    for (const id of GRAPHS) {
      assert.notEqual(figs[id].drawn, apples[id].drawn, `${id} redrawn`);
      assert.deepEqual(watched.callbacksFor(`${id}.figure`)
        .map((c) => c.status), [200, 200], `${id} asked once more`);
      assert.equal(server.count(graphRunLine(id, 'figs')), 1,
        `${id} ran once for figs:\n${server.logs()}`);
    }
    assert.deepEqual(computations(log),
      ['Computing value with apples', 'Computing value with figs'],
      `one more computation:\n${server.logs()}`);
    assert.equal(server.count(/computed memo=global_store/), 2);
    await screenshot(page, 'example3_signal');
  });

  test('switching back to apples computes nothing', async () => {
    const { page } = watched;
    await chooseOption(page, 'dropdown', 'apples');
    await waitForPoints(page, COUNTS.apples);
    await waitForIdle(watched, TITLE);
    const again = await readAll(page);
    checkGraphs(again, 'apples');
    for (const id of GRAPHS) {
      assert.deepEqual(again[id].x, apples[id].x, `${id}: the same apples`);
      assert.deepEqual(again[id].y, apples[id].y, `${id}: the same apples`);
      assert.equal(watched.callbacksFor(`${id}.figure`).length, 3, id);
    }
    assert.equal(watched.callbacksFor('signal.data').length, 3);
    assert.deepEqual(computations(log),
      ['Computing value with apples', 'Computing value with figs'],
      `no new computation:\n${server.logs()}`);
    assert.equal(server.count(/computed memo=global_store/), 2);
  });

  test('a second user on apples computes nothing', async () => {
    const other = await openPage(browser);
    try {
      await gotoApp(other, server.url, TITLE);
      assert.equal((await dropdownValue(other.page, 'dropdown')).trim(),
        'apples');
      const gs = await waitForPoints(other.page, COUNTS.apples);
      checkGraphs(gs, 'apples');
      for (const id of GRAPHS) {
        assert.deepEqual(gs[id].x, apples[id].x, `${id}: the same apples`);
        assert.deepEqual(other.callbacksFor(`${id}.figure`)
          .map((c) => c.status), [200], id);
      }
      assert.deepEqual(computations(log),
        ['Computing value with apples', 'Computing value with figs'],
        `no new computation:\n${server.logs()}`);
      assert.deepEqual(other.problems(), []);
    } finally {
      await other.close();
    }
  });

  test('no console errors, failed or foreign requests', () => {
    assert.deepEqual(watched.problems(), []);
    assert.deepEqual(watched.foreignRequests, []);
    assert.equal(server.count(/\[(error|warning)\]/), 0,
      `no errors or warnings in the server log:\n${server.logs()}`);
  });
});
