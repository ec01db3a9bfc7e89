// tests/integration/memo.test.js
// The shared server cache over HTTP, with apps/example3_signal (the seed's
// Example 3): the memoized global_store computes once per category however
// many requests ask at once (single flight), every waiter gets the one
// result (the completion signal), different categories compute separately
// and in parallel, the signal's answer starts the four graph callbacks on
// the server (fan-out), and a failed computation is not kept. Every check
// runs against one cache shard and against four.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const csrf = require('../support/csrf.js');

const DELAY_MS = 400;
const REQUEST_TIMEOUT_MS = 10000;
/// Rows per category in the app's data frame (N = 100).
const COUNTS = { apples: 500, oranges: 1000, figs: 2000, pineapples: 1500 };
const GRAPHS = ['graph-1', 'graph-2', 'graph-3', 'graph-4'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// POSTs one callback body; resolves to { status, type, text, json(), ms }
/// where `ms` is the time from sending to the whole answer.
async function post(url, body) {
  const started = performance.now();
  const token = await csrf.fetchToken(url);
  const res = await fetch(`${url}/_dash-update-component`, {
    method: 'POST',
    headers: csrf.withToken({ 'Content-Type': 'application/json' }, token),
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') || '',
    text,
    ms: performance.now() - started,
    json: () => JSON.parse(text),
  };
}

/// The renderer's body for dropdown.value -> signal.data.
function signalBody(value) {
  return {
    output: 'signal.data',
    outputs: { id: 'signal', property: 'data' },
    inputs: [{ id: 'dropdown', property: 'value', value }],
    changedPropIds: ['dropdown.value'],
  };
}

/// The renderer's body for signal.data -> <graph>.figure.
function graphBody(graph, value) {
  return {
    output: `${graph}.figure`,
    outputs: { id: graph, property: 'figure' },
    inputs: [{ id: 'signal', property: 'data', value }],
    changedPropIds: ['signal.data'],
  };
}

/// The lines of the computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// How many real computations of `value` the log holds.
function computedFor(file, value) {
  return computations(file)
    .filter((l) => l === `Computing value with ${value}`).length;
}

/// Waits (bounded) until the server's log holds `n` matches of `re`; log
/// lines can reach us a little after the answers they describe.
async function waitForCount(server, re, n, ms = 3000) {
  const end = Date.now() + ms;
  while (server.count(re) < n && Date.now() < end) await sleep(20);
  return server.count(re);
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/// The debug line of a cache miss of `memo` (global_store, or a fan-out
/// target "callback:graph-1.figure") for the one-argument key `value`.
const missLine = (memo, value) =>
  new RegExp(`computing memo=${escapeRe(memo)} args=\\["${value}"\\]`);
/// The info line of a finished global_store computation for `value`.
const computedLine = (value) =>
  new RegExp(`computed memo=global_store args=\\["${value}"\\] bytes=\\d+`);

/// Checks the 200 answer of graph `id` for category `key`; returns its
/// figure.
function checkGraphAnswer(res, id, key) {
  const where = `${id} for ${key}: ${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, 200, where);
  assert.match(res.type, /^application\/json/, where);
  const body = res.json();
  assert.equal(body.multi, true, where);
  assert.deepEqual(Object.keys(body.response), [id], where);
  const fig = body.response[id].figure;
  assert.ok(fig && Array.isArray(fig.data), where);
  assert.equal(fig.data.length, 1, `${where}: one trace`);
  const t = fig.data[0];
  assert.equal(t.x.length, COUNTS[key], `${id} ${key}: x length`);
  assert.equal(t.y.length, COUNTS[key], `${id} ${key}: y length`);
  assert.ok(t.x.every(Number.isFinite) && t.y.every(Number.isFinite),
    `${id} ${key}: numeric points`);
  switch (id) {
    case 'graph-1':
      assert.equal(t.type, 'scatter');
      assert.equal(t.mode, 'markers');
      assert.equal(t.marker.opacity, 0.5);
      assert.equal(t.marker.size, 14);
      break;
    case 'graph-2':
      assert.equal(t.type, 'scatter');
      assert.equal(t.mode, 'lines');
      assert.equal(t.line.shape, 'spline');
      assert.equal(t.line.width, 0.5);
      break;
    case 'graph-3':
      assert.equal(t.type, 'histogram2d');
      break;
    case 'graph-4':
      assert.equal(t.type, 'histogram2dcontour');
      break;
    default:
      assert.fail(`unknown graph ${id}`);
  }
  assert.deepEqual(fig.layout.margin, { l: 20, r: 10, b: 20, t: 10 });
  return fig;
}

/// Checks that the four figures draw the same points.
function assertSamePoints(figs, key) {
  for (const f of figs.slice(1)) {
    assert.deepEqual(f.data[0].x, figs[0].data[0].x, `${key}: same x`);
    assert.deepEqual(f.data[0].y, figs[0].data[0].y, `${key}: same y`);
  }
}

/// Checks a JSON error answer of the server: status 500 and its fields.
function checkJsonError(res, needle) {
  const where = `${res.status} ${res.text}`;
  assert.equal(res.status, 500, where);
  assert.match(res.type, /^application\/json/, where);
  const body = res.json();
  assert.equal(body.error, 'callback_failed', where);
  assert.equal(typeof body.message, 'string', where);
  assert.ok(body.message.includes(needle), where);
  assert.equal(typeof body.request_id, 'string', where);
}

/// What each run saw, to compare the one-shard and the four-shard runs.
const results = {};

for (const shards of [1, 4]) {
  describe(`memoized global_store with --cache-shards ${shards}`,
    { timeout: 30000 }, () => {
      let server;
      let dir;
      let log;
      const seen = { figures: {} };
      results[shards] = seen;

      before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-memo-'));
        log = path.join(dir, 'computations.log');
        server = await startServer('example3_signal', [
          '--delay-ms', String(DELAY_MS), '--computation-log', log,
          '--cache-shards', String(shards), '--log-level', 'debug',
        ]);
      });

      after(async () => {
        if (server) await server.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      test('16 concurrent cold requests for one key compute once and all '
        + 'get the answer', async () => {
        assert.deepEqual(computations(log), [], 'nothing computed yet');
        const answers = await Promise.all(Array.from({ length: 16 },
          () => post(server.url, signalBody('figs'))));
        for (const res of answers) {
          assert.equal(res.status, 200, res.text);
          assert.match(res.type, /^application\/json/);
          assert.deepEqual(res.json(),
            { multi: true, response: { signal: { data: 'figs' } } });
          assert.equal(res.text, answers[0].text, 'identical answers');
          // Each of them waited for the one computation.
          assert.ok(res.ms >= DELAY_MS * 0.9,
            `cold answer after ${res.ms.toFixed(0)} ms`);
        }
        assert.deepEqual(computations(log), ['Computing value with figs'],
          `one computation:\n${server.logs()}`);
        assert.equal(await waitForCount(server, computedLine('figs'), 1), 1);
        assert.equal(server.count(missLine('global_store', 'figs')), 1,
          'one cache miss');
      });

      test('the signal fans out: the server starts each graph callback once',
        async () => {
          // The signal's answer started the four graph callbacks for figs.
          for (const g of GRAPHS) {
            assert.equal(await waitForCount(server,
              missLine(`callback:${g}.figure`, 'figs'), 1), 1,
            `${g} started by the signal:\n${server.logs()}`);
          }
        });

      test('two other keys at once compute separately, in parallel',
        async () => {
          const keys = ['oranges', 'apples'];
          const answers = await Promise.all(Array.from({ length: 16 },
            (_, i) => post(server.url, signalBody(keys[i % 2]))));
          answers.forEach((res, i) => {
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(res.json(),
              { multi: true, response: { signal: { data: keys[i % 2] } } });
            assert.ok(res.ms >= DELAY_MS * 0.9,
              `cold answer after ${res.ms.toFixed(0)} ms`);
          });
          // Parallel: both computations started before either finished
          // (the order of the server's log lines, not a wall-clock bound,
          // which a busy or sanitized machine would break).
          await waitForCount(server, computedLine('apples'), 1);
          await waitForCount(server, computedLine('oranges'), 1);
          const lines = server.logs().split('\n');
          const at = (re) => lines.findIndex((l) => re.test(l));
          const started = keys.map((k) => at(missLine('global_store', k)));
          const finished = keys.map((k) => at(computedLine(k)));
          assert.ok(started.every((i) => i >= 0), server.logs());
          assert.ok(Math.max(...started) < Math.min(...finished),
            `one computation finished before the other started: the two `
            + `keys were not computed in parallel:\n${server.logs()}`);
          assert.equal(computedFor(log, 'oranges'), 1, computations(log));
          assert.equal(computedFor(log, 'apples'), 1, computations(log));
          assert.equal(computedFor(log, 'figs'), 1, computations(log));
          assert.equal(computations(log).length, 3);
        });

      test('graph callbacks for a computed key answer from the cache',
        async () => {
          const answers = await Promise.all(
            GRAPHS.map((g) => post(server.url, graphBody(g, 'figs'))));
          // Nothing to compute: the counts below show no new computation
          // and no graph callback run again.
          const figs = answers.map(
            (res, i) => checkGraphAnswer(res, GRAPHS[i], 'figs'));
          assertSamePoints(figs, 'figs');
          seen.figures.figs = figs;
          assert.equal(computations(log).length, 3, 'no new computation');
          // The answers were those the signal's fan-out made: no graph
          // callback ran a second time for figs.
          await sleep(100);
          for (const g of GRAPHS) {
            assert.equal(server.count(missLine(`callback:${g}.figure`, 'figs')),
              1, `${g} ran once for figs:\n${server.logs()}`);
          }
          // Repeats are the very same answers.
          const again = await Promise.all(
            GRAPHS.map((g) => post(server.url, graphBody(g, 'figs'))));
          again.forEach((res, i) => assert.equal(res.text, answers[i].text));

          // The fanned-out keys answer the same way.
          for (const key of ['oranges', 'apples']) {
            const res = await Promise.all(
              GRAPHS.map((g) => post(server.url, graphBody(g, key))));
            const drawn = res.map(
              (r, i) => checkGraphAnswer(r, GRAPHS[i], key));
            assertSamePoints(drawn, key);
            assert.notDeepEqual(drawn[0].data[0].x.slice(0, 10),
              figs[0].data[0].x.slice(0, 10), `${key} differs from figs`);
            seen.figures[key] = drawn;
          }
          assert.equal(computations(log).length, 3, 'still no new computation');
        });

      test('16 cold requests straight to the four graphs compute once',
        async () => {
          const answers = await Promise.all(Array.from({ length: 16 },
            (_, i) => post(server.url,
              graphBody(GRAPHS[i % 4], 'pineapples'))));
          const figs = answers.map((res, i) => {
            assert.ok(res.ms >= DELAY_MS * 0.9,
              `cold answer after ${res.ms.toFixed(0)} ms`);
            return checkGraphAnswer(res, GRAPHS[i % 4], 'pineapples');
          });
          assertSamePoints(figs, 'pineapples');
          answers.forEach((res, i) => assert.equal(res.text,
            answers[i % 4].text, 'same graph, same answer'));
          seen.figures.pineapples = figs.slice(0, 4);
          assert.equal(computedFor(log, 'pineapples'), 1,
            `one computation:\n${computations(log).join('\n')}`);
          assert.equal(computations(log).length, 4);
          // Each graph ran once, the other three requests to it joined.
          for (const g of GRAPHS) {
            assert.equal(server.count(
              missLine(`callback:${g}.figure`, 'pineapples')), 1,
            `${g} ran once for pineapples:\n${server.logs()}`);
          }
          // And the signal for it is a cache hit now.
          const res = await post(server.url, signalBody('pineapples'));
          assert.equal(res.status, 200, res.text);
          assert.equal(computations(log).length, 4);
          assert.equal(server.count(missLine('global_store', 'pineapples')), 1,
            'the signal was a cache hit');
        });

      test('an unknown category fails with a JSON error and is not kept',
        async () => {
          // Concurrent requests share the one failing computation...
          const first = await Promise.all(Array.from({ length: 4 },
            () => post(server.url, signalBody('bananas'))));
          for (const res of first)
            checkJsonError(res, "unknown category 'bananas'");
          assert.equal(computedFor(log, 'bananas'), 1,
            `one computation for concurrent requests:\n`
            + computations(log).join('\n'));
          // ...but the error is not cached: the next request computes again.
          const second = await post(server.url, signalBody('bananas'));
          checkJsonError(second, "unknown category 'bananas'");
          assert.ok(second.ms >= DELAY_MS * 0.9,
            'recomputed, not cached: answered after '
            + `${second.ms.toFixed(0)} ms`);
          assert.equal(computedFor(log, 'bananas'), 2,
            computations(log).join('\n'));
          // A graph asking for it fails the same way, and computes again.
          const graph = await post(server.url, graphBody('graph-1', 'bananas'));
          checkJsonError(graph, "unknown category 'bananas'");
          assert.equal(computedFor(log, 'bananas'), 3,
            computations(log).join('\n'));
          // The good keys are still cached.
          const ok = await post(server.url, signalBody('figs'));
          assert.equal(ok.status, 200, ok.text);
          assert.equal(computedFor(log, 'figs'), 1);
          assert.equal(server.exited(), null, 'server still running');
        });
    });
}

test('one shard and four shards give the same results', () => {
  const one = results[1].figures;
  const four = results[4].figures;
  for (const key of Object.keys(COUNTS)) {
    assert.ok(one[key] && four[key], `both runs saw ${key}`);
    assert.deepEqual(one[key], four[key], `${key}: same figures`);
  }
});
