// tests/integration/callbacks.test.js
// Callback semantics over HTTP: slow callbacks do not hold up cheap ones,
// per-callback worker limits, timeouts (504), overload (503 + Retry-After),
// request ids, chained callbacks, PreventUpdate (204) and failing callbacks.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');

const h = require('./helpers.js');

/// Runs `fn` and resolves to { res, ms } (ms since `t0`, default: now).
async function timed(fn, t0 = Date.now()) {
  const res = await fn();
  return { res, ms: Date.now() - t0 };
}

/// Wraps `promise` so that `.settled` tells whether it has finished: the
/// tests below assert the order of answers (a cheap answer arrives while
/// the slow runs are still going), not wall-clock bounds, which a busy or
/// sanitized machine breaks.
function watch(promise) {
  const w = { settled: false };
  w.promise = promise.finally(() => { w.settled = true; });
  return w;
}

/// The names of the watched runs that have already finished.
const finished = (runs) => runs.filter((r) => r.settled).map((r) => r.name);

const LIMIT = { timeout: 60000 };

describe('slow callbacks do not delay cheap ones', LIMIT, () => {
  it('demo --delay-ms 1500: 4 slow runs, then a cheap one answers at once',
    async () => {
      const srv = await h.start('demo', ['--delay-ms', '1500']);
      try {
        const t0 = Date.now();
        const cities = ['Montreal', 'Toronto', 'Vancouver', 'Montreal'];
        const slow = cities.map((c, i) => Object.assign(watch(
          timed(() => h.postUpdate(srv.url, h.storeBody(c)), t0)),
        { name: `slow ${i}` }));
        // All four are running (each logs when its slow step starts).
        await h.waitForCount(srv, /slow processing step/, 4, 2000);
        assert.equal(srv.count(/slow processing step/), 4, srv.logs());
        // Five cheap answers and the layout, each while all four slow runs
        // are still going.
        for (let v = 1; v <= 5; ++v) {
          const res = await h.postUpdate(srv.url, h.scoreBody(v));
          assert.equal(res.status, 200, res.text());
          assert.equal(res.json().response.output.children, h.SCORE_COUNTS[v]);
          assert.deepEqual(finished(slow), [],
            `cheap callback ${v} waited for slow runs`);
        }
        const layout = await h.request(`${srv.url}/_dash-layout`);
        assert.equal(layout.status, 200);
        assert.deepEqual(finished(slow), [], 'the layout waited for slow runs');
        const done = await Promise.all(slow.map((w) => w.promise));
        done.forEach(({ res, ms }, i) => {
          assert.equal(res.status, 200, res.text());
          const data = res.json().response['intermediate-value'].data;
          assert.equal(data.city, cities[i]);
          assert.equal(data.rows.length, 7);
          assert.ok(ms >= 1400, `slow run ${i} took ${ms} ms`);
        });
      } finally {
        await srv.stop();
      }
    });

  it('--callback-workers 1 serializes one callback, not the others',
    async () => {
      // example1's slow step takes 800 ms, multi_output's 400 ms.
      const srv = await h.start('demo',
        ['--delay-ms', '800', '--callback-workers', '1']);
      try {
        const t0 = Date.now();
        const stores = ['Toronto', 'Vancouver'].map((c, i) => Object.assign(
          watch(timed(() => h.postUpdate(srv.url, h.storeBody(c)), t0)),
          { name: `store ${i}` }));
        const multis = ['apples', 'figs'].map((f, i) => Object.assign(
          watch(timed(() => h.postUpdate(srv.url, h.multiBody(f)), t0)),
          { name: `multi ${i}` }));
        await h.waitForCount(srv, /query fruit=/, 1, 2000);
        const cheap = await h.postUpdate(srv.url, h.scoreBody(2));
        assert.equal(cheap.json().response.output.children, 2);
        assert.deepEqual(finished([...stores, ...multis]), [],
          'the cheap callback waited for a slow one');
        // multi_output does not queue behind example1: both its runs end
        // before example1's second run (which waits for its first).
        const m = await Promise.all(multis.map((w) => w.promise));
        assert.ok(!stores[1].settled || !stores[0].settled,
          'both example1 runs ended before multi_output\'s second');
        const s = await Promise.all(stores.map((w) => w.promise));
        for (const { res } of [...s, ...m]) assert.equal(res.status, 200);
        const storeTimes = s.map((x) => x.ms).sort((a, b) => a - b);
        const multiTimes = m.map((x) => x.ms).sort((a, b) => a - b);
        // One worker: the second run of a callback waits for the first.
        assert.ok(storeTimes[0] >= 750, `${storeTimes}`);
        assert.ok(storeTimes[1] >= 1550, `runs overlapped: ${storeTimes}`);
        assert.ok(multiTimes[1] >= 750, `runs overlapped: ${multiTimes}`);
      } finally {
        await srv.stop();
      }
    });

  it('--callback-workers 3 runs three calls of one callback at once',
    async () => {
      const srv = await h.start('multi_output',
        ['--delay-ms', '400', '--callback-workers', '3']);
      try {
        const t0 = Date.now();
        // All three start before any ends: three "query" lines are logged
        // (each at the start of its run) by the time the first answer comes.
        let queriesAtFirstAnswer = -1;
        const runs = await Promise.all(['apples', 'oranges', 'figs'].map((f) =>
          timed(() => h.postUpdate(srv.url, h.multiBody(f)), t0).then((r) => {
            if (queriesAtFirstAnswer < 0)
              queriesAtFirstAnswer = srv.count(/query fruit=/);
            return r;
          })));
        for (const { res, ms } of runs) {
          assert.equal(res.status, 200, res.text());
          assert.ok(ms >= 350, `run took ${ms} ms`);
        }
        assert.equal(queriesAtFirstAnswer, 3,
          `runs did not overlap:\n${srv.logs()}`);
      } finally {
        await srv.stop();
      }
    });
});

describe('callback timeout', LIMIT, () => {
  let srv; // demo --delay-ms 2000 --callback-timeout-ms 300

  before(async () => {
    srv = await h.start('demo',
      ['--delay-ms', '2000', '--callback-timeout-ms', '300']);
  });
  after(async () => { if (srv) await srv.stop(); });

  it('a callback still running after the timeout -> 504 JSON', async () => {
    const { res, ms } = await timed(() =>
      h.postUpdate(srv.url, h.storeBody('Toronto')));
    const body = h.assertJsonError(res, 504, 'timeout');
    assert.match(body.message, /300/);
    // At the timeout, not when the 2000 ms run would have ended (a bound
    // far from both, so that a busy machine does not break it).
    assert.ok(ms >= 250 && ms < 1800, `504 after ${ms} ms`);
    await h.assertHealthy(srv);
  });

  it('a cheap callback is still answered normally', async () => {
    for (let v = 1; v <= 5; ++v) {
      const res = await h.postUpdate(srv.url, h.scoreBody(v));
      assert.equal(res.status, 200);
      assert.equal(res.json().response.output.children, h.SCORE_COUNTS[v]);
    }
  });

  it('after a 504 the connection serves the next request, and the late '
    + 'reply is dropped', async () => {
    // multi_output's step takes 1000 ms here.
    const conn = await h.connect(srv.port);
    try {
      const t0 = Date.now();
      conn.send(h.rawRequest('POST', '/_dash-update-component',
        { body: JSON.stringify(h.multiBody('figs')) }));
      let rs = await conn.responses(1, 2000);
      h.assertJsonError(rs[0], 504);
      assert.ok(!conn.closed, 'closed after the 504');
      conn.send(h.rawRequest('POST', '/_dash-update-component',
        { body: JSON.stringify(h.scoreBody(1)) }));
      rs = await conn.responses(2, 2000);
      assert.equal(rs[1].status, 200, rs[1].text());
      assert.deepEqual(rs[1].json(),
        { multi: true, response: { output: { children: 3 } } });
      // Let the slow run finish: its answer must not show up here.
      await h.sleep(Math.max(0, 1300 - (Date.now() - t0)));
      assert.equal(h.parseResponses(conn.data).length, 2, conn.text());
      conn.send(h.rawRequest('GET', '/_dash-dependencies'));
      rs = await conn.responses(3, 2000);
      assert.equal(rs.length, 3, conn.text());
      assert.equal(rs[2].status, 200);
      assert.ok(Array.isArray(rs[2].json()));
    } finally {
      conn.destroy();
    }
  });

  it('the 504s were logged as warnings', async () => {
    const n = await h.waitForCount(srv, /warn.*answered 504/, 2);
    assert.ok(n >= 2, srv.logs());
  });
});

describe('overload', LIMIT, () => {
  it('workers 1 + queue 2: of 6 concurrent slow runs 3 get 503 with '
    + 'Retry-After, 3 get 200', async () => {
    // multi_output's step takes 500 ms here.
    const srv = await h.start('demo', ['--delay-ms', '1000',
      '--callback-workers', '1', '--callback-queue', '2']);
    try {
      const t0 = Date.now();
      const fruits = ['apples', 'oranges', 'figs', 'apples', 'oranges', 'figs'];
      // The order in which answers came: 503s at once, before any run ends.
      const order = [];
      const runs = fruits.map((f) =>
        timed(() => h.postUpdate(srv.url, h.multiBody(f)), t0).then((r) => {
          order.push(r.res.status);
          return r;
        }));
      // Another callback is not affected by this one's full queue.
      await h.waitForCount(srv, /query fruit=/, 1, 2000);
      const cheap = await h.postUpdate(srv.url, h.scoreBody(4));
      assert.equal(cheap.status, 200);
      assert.ok(!order.includes(200),
        `the cheap callback waited for a slow run: ${order}`);
      const done = await Promise.all(runs);
      const ok = done.filter(({ res }) => res.status === 200);
      const busy = done.filter(({ res }) => res.status === 503);
      assert.equal(ok.length + busy.length, 6,
        done.map(({ res }) => res.status).join(','));
      assert.equal(busy.length, 3, done.map(({ res }) => res.status).join(','));
      assert.equal(ok.length, 3);
      for (const { res } of busy) {
        h.assertJsonError(res, 503, 'overloaded');
        assert.match(res.headers['retry-after'] || '', /^\d+$/,
          'Retry-After must be a number of seconds');
      }
      assert.deepEqual(order.slice(0, 3), [503, 503, 503],
        `the 503s were not answered first: ${order}`);
      for (const { res } of ok) {
        assert.equal(res.json().multi, true);
        assert.ok(res.json().response['sales-graph'].figure);
      }
      // One worker: the three accepted runs finished one after another.
      const times = ok.map((x) => x.ms).sort((a, b) => a - b);
      assert.ok(times[2] >= 1400, `${times}`);
      // Once the burst is over the callback accepts work again.
      const again = await h.postUpdate(srv.url, h.multiBody('figs'));
      assert.equal(again.status, 200, again.text());
      const n = await h.waitForCount(srv, /warn.*answered 503/, 3);
      assert.equal(n, 3, srv.logs());
    } finally {
      await srv.stop();
    }
  });
});

describe('request ids, chains, PreventUpdate and failures', LIMIT, () => {
  let srv; // example1_store --delay-ms 0

  before(async () => {
    srv = await h.start('example1_store', ['--delay-ms', '0']);
  });
  after(async () => { if (srv) await srv.stop(); });

  it('every answer carries its own X-Request-Id', async () => {
    const results = await Promise.all([
      h.request(`${srv.url}/`),
      h.request(`${srv.url}/_dash-layout`),
      h.request(`${srv.url}/_dash-dependencies`),
      h.request(`${srv.url}/_dash-foo`),
      h.request(`${srv.url}/_dash-component-suites/dash/dcc/async-graph.js`),
      h.postUpdate(srv.url, '{'),
      h.postUpdate(srv.url, h.storeBody('Montreal')),
      ...Array.from({ length: 30 }, (_, i) =>
        h.postUpdate(srv.url, h.storeBody(i % 2 ? 'Toronto' : 'Vancouver'))),
    ]);
    const ids = results.map((r) => r.headers['x-request-id']);
    for (const id of ids) assert.ok(typeof id === 'string' && id.length > 0);
    assert.equal(new Set(ids).size, ids.length, `repeated ids: ${ids}`);
    const err = h.assertJsonError(results[5], 400);
    assert.equal(err.request_id, results[5].headers['x-request-id']);
    // The warn line of an error names its request id.
    await h.waitForCount(srv, new RegExp(`request=${err.request_id}\\b`), 1);
    assert.match(srv.logs(), new RegExp(`warn.*request=${err.request_id}\\b`));
  });

  it('the store value feeds the chained graph and table callbacks',
    async () => {
      const store = await h.postUpdate(srv.url, h.storeBody('Toronto'));
      assert.equal(store.status, 200, store.text());
      const data = store.json().response['intermediate-value'].data;
      assert.equal(data.city, 'Toronto');
      assert.equal(data.rows.length, 7);
      const graph = await h.postUpdate(srv.url, h.singleBody('graph', 'figure',
        'intermediate-value', 'data', data));
      assert.equal(graph.status, 200, graph.text());
      const fig = graph.json().response.graph.figure;
      assert.equal(fig.layout.title.text, 'Toronto');
      assert.deepEqual(fig.data[0].y, data.rows.map((r) => r.temperature));
      const table = await h.postUpdate(srv.url, h.singleBody('table',
        'children', 'intermediate-value', 'data', data));
      assert.equal(table.status, 200, table.text());
      assert.ok(Array.isArray(table.json().response.table.children));
    });

  it('PreventUpdate -> 204 with no body', async () => {
    for (const value of [null, undefined, 'not an object']) {
      const res = await h.postUpdate(srv.url, h.singleBody('graph', 'figure',
        'intermediate-value', 'data', value, false));
      assert.equal(res.status, 204, res.text());
      assert.equal(res.body.length, 0);
    }
  });

  it('a callback that throws -> 500 JSON, and its worker is replaced',
    async () => {
      const bad = h.singleBody('graph', 'figure', 'intermediate-value', 'data',
        { city: 'X', rows: 5 });
      const data = (await h.postUpdate(srv.url, h.storeBody('Montreal')))
        .json().response['intermediate-value'].data;
      const good = h.singleBody('graph', 'figure', 'intermediate-value', 'data',
        data);
      for (let i = 0; i < 6; ++i) {
        const res = await h.postUpdate(srv.url, bad);
        h.assertJsonError(res, 500);
        const ok = await h.postUpdate(srv.url, good);
        assert.equal(ok.status, 200, ok.text());
        assert.equal(ok.json().response.graph.figure.layout.title.text,
          'Montreal');
      }
      // Failing and good calls at the same time.
      const mixed = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        h.postUpdate(srv.url, i % 2 ? bad : good)));
      mixed.forEach((res, i) => {
        if (i % 2) h.assertJsonError(res, 500);
        else assert.equal(res.status, 200, res.text());
      });
      assert.equal(srv.exited(), null);
    });

  it('clients that hang up mid-callback do no harm', async () => {
    const slow = await h.start('multi_output', ['--delay-ms', '300',
      '--callback-workers', '2']);
    try {
      for (let i = 0; i < 10; ++i) {
        const conn = await h.connect(slow.port);
        conn.send(h.rawRequest('POST', '/_dash-update-component',
          { body: JSON.stringify(h.multiBody('figs')) }));
        setTimeout(() => conn.destroy(), 50);
      }
      await h.sleep(100);
      const res = await h.postUpdate(slow.url, h.multiBody('apples'),
        { timeoutMs: 5000 });
      assert.equal(res.status, 200, res.text());
      assert.equal(res.json().response['sales-graph'].figure.layout.title.text,
        'Sales of apples');
      assert.equal(slow.exited(), null);
    } finally {
      await slow.stop();
    }
  });
});
