// tests/e2e/example3_cluster.test.js
// Browser test of apps/example3_signal run as a 3-node cluster behind nginx
// (round robin), all nodes appending to one computation log: a category is
// computed once in the whole cluster whichever node a request lands on.
// Choosing figs computes once and redraws all four graphs, switching back to
// apples computes nothing, and a second user on apples computes nothing.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startCluster } = require('../cluster/harness.js');
const {
  launch, openPage, gotoApp, waitForIdle, chooseOption, dropdownValue, poll,
  readGraph, screenshot,
} = require('./browser.js');

const TITLE = 'Example 3 - caching and signaling';
const DELAY_MS = 300;
const GRAPHS = ['graph-1', 'graph-2', 'graph-3', 'graph-4'];
/// Rows per category in the app's data frame (N = 100).
const COUNTS = { apples: 500, figs: 2000 };

/// The lines of the shared computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// `computed memo=global_store` lines over all nodes.
function globalStoreRuns(cluster) {
  return cluster.nodes.reduce(
    (sum, n) => sum + n.server.count(/computed memo=global_store /), 0);
}

/// Every node's log, for failure messages.
function allLogs(cluster) {
  return cluster.nodes.map((n) => `--- ${n.name}\n${n.server.logs()}`)
    .join('\n');
}

/// What graph `id` holds ({x, y}) and a signature of what Plotly drew
/// (marker positions, line path, heatmap image, contour paths).
async function readTrace(page, id) {
  const g = await readGraph(page, id);
  const drawn = await page.evaluate((gid) => {
    const gd = document.querySelector(`[id="${gid}"] .js-plotly-plot`);
    const sel = '.scatterlayer .js-line, .heatmaplayer image, '
      + '.contourlayer path';
    return [...gd.querySelectorAll(sel)].map((e) =>
      e.getAttribute('d') || e.getAttribute('href') || '').join('|');
  }, id);
  return { x: g.data[0].x, y: g.data[0].y,
    drawn: id === 'graph-1' ? g.transforms.join('|') : drawn };
}

/// Polls until all four graphs hold `n` points; returns what they hold.
function waitForPoints(page, n) {
  return poll(async () => {
    const out = {};
    for (const id of GRAPHS) out[id] = await readTrace(page, id);
    return out;
  }, (gs) => GRAPHS.every((id) => gs[id].x.length === n),
  { what: `all four graphs to hold ${n} points` });
}

/// Checks that the four graphs hold the same `n` points and drew them.
function checkGraphs(gs, n) {
  for (const id of GRAPHS) {
    assert.equal(gs[id].x.length, n, id);
    assert.deepEqual(gs[id].x, gs['graph-1'].x, `${id}: same x as graph-1`);
    assert.deepEqual(gs[id].y, gs['graph-1'].y, `${id}: same y as graph-1`);
    assert.ok(gs[id].drawn.length > 0, `${id}: something drawn`);
  }
}

describe('example3_signal as a 3-node cluster behind nginx',
  { timeout: 120000 }, () => {
    let cluster;
    let browser;
    let watched;
    let dir;
    let log;
    let apples;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-e3c-'));
      log = path.join(dir, 'computations.log');
      cluster = await startCluster('example3_signal', {
        nodes: 3, nginx: true,
        args: ['--delay-ms', String(DELAY_MS), '--computation-log', log],
      });
      browser = await launch();
      watched = await openPage(browser);
    });

    after(async () => {
      if (browser) await browser.close();
      if (cluster) await cluster.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the first render draws apples in four graphs, computed once',
      async () => {
        const { page } = watched;
        await gotoApp(watched, cluster.nginxUrl, TITLE);
        assert.equal((await dropdownValue(page, 'dropdown')).trim(), 'apples');
        apples = await waitForPoints(page, COUNTS.apples);
        checkGraphs(apples, COUNTS.apples);
        assert.deepEqual(computations(log), ['Computing value with apples'],
          allLogs(cluster));
        assert.equal(globalStoreRuns(cluster), 1);
      });

    test('choosing figs computes once in the cluster and redraws all four',
      async () => {
        assert.ok(apples, 'first test ran');
        const { page } = watched;
        await chooseOption(page, 'dropdown', 'figs');
        const figs = await waitForPoints(page, COUNTS.figs);
        await waitForIdle(watched, TITLE);
        checkGraphs(figs, COUNTS.figs);
        for (const id of GRAPHS) {
          assert.notEqual(figs[id].drawn, apples[id].drawn, `${id} redrawn`);
          assert.equal(watched.callbacksFor(`${id}.figure`).length, 2, id);
        }
        assert.deepEqual(computations(log),
          ['Computing value with apples', 'Computing value with figs'],
          allLogs(cluster));
        assert.equal(globalStoreRuns(cluster), 2);
        await screenshot(page, 'example3_cluster');
      });

    test('switching back to apples computes nothing', async () => {
      const { page } = watched;
      await chooseOption(page, 'dropdown', 'apples');
      const again = await waitForPoints(page, COUNTS.apples);
      await waitForIdle(watched, TITLE);
      checkGraphs(again, COUNTS.apples);
      for (const id of GRAPHS) {
        assert.deepEqual(again[id].x, apples[id].x, `${id}: the same apples`);
        assert.deepEqual(again[id].y, apples[id].y, `${id}: the same apples`);
      }
      assert.equal(computations(log).length, 2, computations(log).join('\n'));
      assert.equal(globalStoreRuns(cluster), 2);
    });

    test('a second user on apples computes nothing', async () => {
      const other = await openPage(browser);
      try {
        await gotoApp(other, cluster.nginxUrl, TITLE);
        const gs = await waitForPoints(other.page, COUNTS.apples);
        checkGraphs(gs, COUNTS.apples);
        for (const id of GRAPHS)
          assert.deepEqual(gs[id].x, apples[id].x, `${id}: the same apples`);
        assert.equal(computations(log).length, 2, computations(log).join('\n'));
        assert.deepEqual(other.problems(), []);
      } finally {
        await other.close();
      }
    });

    test('the callbacks went to every node; no errors anywhere', () => {
      const ports = new Set();
      for (const line of cluster.nginx.accessLog()) {
        const m = / 200 upstream=[\d.]+:(\d+) /.exec(line);
        if (m && line.includes(' POST /_dash-update-component '))
          ports.add(Number(m[1]));
      }
      assert.equal(ports.size, 3, `callbacks answered by ${[...ports]}`);
      assert.deepEqual(watched.problems(), []);
      assert.deepEqual(watched.foreignRequests, []);
      for (const n of cluster.nodes)
        assert.equal(n.server.count(/\[error\]/), 0,
          `${n.name}:\n${n.server.logs()}`);
    });
  });
