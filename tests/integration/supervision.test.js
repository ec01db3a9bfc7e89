// tests/integration/supervision.test.js
// Failures stay contained: a callback that throws, crashes its worker or
// hangs harms no other callback; restart intensity escalates as configured
// up to a non-zero exit; full queues and too many connections get 503 at
// once and the server recovers. Runs the `faults` test app (tests/support).
'use strict';
const { describe, test, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { start, request, postUpdate, singleBody, sleep, sample, scrape } =
  require('./helpers.js');

const body = (name, value) =>
  singleBody(name, 'children', `${name}-in`, 'value', value);

describe('a failing callback harms nobody else', () => {
  let server;
  after(async () => { if (server) await server.stop(); });

  test('1000 throws in a row: each answers 500, the others keep answering',
    async () => {
      server = await start('faults');
      let boom500 = 0;
      let ok200 = 0;
      for (let round = 0; round < 20; ++round) {
        const booms = [];
        for (let i = 0; i < 50; ++i)
          booms.push(postUpdate(server.url, body('boom', `${round}-${i}`)));
        const ok = postUpdate(server.url, body('ok', `r${round}`));
        for (const res of await Promise.all(booms)) {
          assert.equal(res.status, 500);
          assert.equal(res.json().error, 'callback_failed');
          assert.match(res.json().message, /raised an exception: boom/);
          boom500 += 1;
        }
        const okRes = await ok;
        assert.equal(okRes.status, 200);
        assert.match(okRes.text(), new RegExp(`ok:r${round}`));
        ok200 += 1;
      }
      assert.equal(boom500, 1000);
      const m = await scrape(server.url);
      assert.equal(sample(m, 'dashcpp_callback_requests_total',
        'callback="boom.children",code="500"'), 1000);
      assert.equal(sample(m, 'dashcpp_callback_errors_total',
        'callback="boom.children"'), 1000);
      assert.equal(sample(m, 'dashcpp_callback_requests_total',
        'callback="ok.children",code="200"'), ok200);
      // A std::exception is an answer, not a broken worker: none replaced.
      assert.equal(sample(m, 'dashcpp_callback_restarts_total',
        'callback="boom.children"'), 0);
      assert.equal(sample(m, 'dashcpp_http_requests_total',
        'route="update_component",code="500"'), 1000);
      assert.equal(server.exited(), null);
    });
});

describe('restart intensity', () => {
  let server;
  after(async () => { if (server) await server.stop(); });

  test('crashed workers are replaced, then the pool, then the server exits 70',
    async () => {
      server = await start('faults', [
        '--worker-restarts', '3', '--worker-restart-period-ms', '60000',
        '--supervisor-restarts', '1',
        '--supervisor-restart-period-ms', '60000']);
      const crash = async (n) => {
        for (let i = 0; i < n; ++i) {
          const res = await postUpdate(server.url, body('crash', String(i)));
          assert.ok([500, 503].includes(res.status), `got ${res.status}`);
          await sleep(30);
        }
      };
      const okStill = async () => {
        const res = await postUpdate(server.url, body('ok', 'still'));
        assert.equal(res.status, 200);
      };
      // Three replacements are allowed within the period ...
      await crash(3);
      await server.waitForLog(/replacements so far: 3/);
      assert.equal(server.count(/restarting child pool crash/), 0);
      await okStill();
      // ... the fourth restarts the pool (its supervisor's one restart) ...
      await crash(1);
      await server.waitForLog(
        /supervisor callbacks: restarting child pool crash\.children/);
      await okStill();
      let m = await scrape(server.url);
      assert.equal(sample(m, 'dashcpp_supervisor_restarts_total',
        'supervisor="callbacks"'), 1);
      assert.equal(sample(m, 'dashcpp_callback_restarts_total',
        'callback="crash.children"'), 4);
      // ... the next pool failure is one too many for that supervisor: it
      // escalates, and the root restarts the whole callbacks subtree ...
      await crash(4);
      await server.waitForLog(/supervisor root: restarting child callbacks/);
      await okStill();
      m = await scrape(server.url);
      assert.equal(sample(m, 'dashcpp_supervisor_restarts_total',
        'supervisor="root"'), 1);
      assert.equal(server.exited(), null);
      // ... and when the new subtree gives up too (a pool restart, then one
      // more pool failure) the root gives up: exit status 70.
      await crash(4);
      await server.waitForLog(
        /supervisor callbacks: restarting child pool crash\.children[^]*supervisor callbacks: restarting child pool crash\.children/);
      assert.equal(server.exited(), null);
      for (let i = 0; i < 12 && !server.exited(); ++i) {
        const res = await postUpdate(server.url, body('crash', 'last'))
          .catch(() => null); // the server may close as it exits
        if (res) assert.ok([500, 503].includes(res.status));
        await sleep(30);
      }
      await server.waitForLog(/supervisor root: .*giving up/);
      const deadline = Date.now() + 10000;
      while (!server.exited() && Date.now() < deadline) await sleep(50);
      assert.deepEqual(server.exited(), { code: 70, signal: null });
      assert.match(server.logs(), /supervisors gave up/);
    });
});

describe('timeouts', () => {
  let server;
  after(async () => { if (server) await server.stop(); });

  test('a hung callback gets 504 and its pool keeps its size', async () => {
    server = await start('faults');
    // hang: two workers, a 300 ms timeout. Both hang for 20 s.
    const t0 = Date.now();
    const hung = await Promise.all([
      postUpdate(server.url, body('hang', 20000)),
      postUpdate(server.url, body('hang', 20000)),
    ]);
    for (const res of hung) {
      assert.equal(res.status, 504);
      assert.equal(res.json().error, 'timeout');
      assert.match(res.json().message, /timeout of 300 ms/);
    }
    assert.ok(Date.now() - t0 < 5000, 'the 504s came late');
    // Both workers were abandoned and replaced: two quick runs proceed at
    // once instead of waiting behind the stuck threads.
    const t1 = Date.now();
    const quick = await Promise.all([
      postUpdate(server.url, body('hang', 100)),
      postUpdate(server.url, body('hang', 100)),
    ]);
    for (const res of quick) {
      assert.equal(res.status, 200);
      assert.match(res.text(), /woke after 100 ms/);
    }
    assert.ok(Date.now() - t1 < 3000);
    const ok = await postUpdate(server.url, body('ok', 'x'));
    assert.equal(ok.status, 200);
    const m = await scrape(server.url);
    assert.equal(sample(m, 'dashcpp_callback_timeouts_total',
      'callback="hang.children"'), 2);
    assert.equal(sample(m, 'dashcpp_callback_restarts_total',
      'callback="hang.children"'), 2);
    assert.equal(sample(m, 'dashcpp_callback_requests_total',
      'callback="hang.children",code="504"'), 2);
    assert.equal(sample(m, 'dashcpp_callback_requests_total',
      'callback="hang.children",code="200"'), 2);
  });
});

describe('overload', () => {
  let server;
  after(async () => { if (server) await server.stop(); });

  test('a full callback queue answers 503 at once, then recovers', async () => {
    server = await start('faults', [
      '--callback-queue', '4']);
    // slow: one worker; each run sleeps 1 s. One runs, four wait, the
    // rest are refused.
    const runs = [];
    // The order answers come in: every 503 before the first run ends
    // (an order, not a wall-clock bound, which a busy machine breaks).
    const order = [];
    for (let i = 0; i < 20; ++i) {
      runs.push(postUpdate(server.url, body('slow', 1000), { timeoutMs: 20000 })
        .then((res) => {
          order.push(res.status);
          return { res };
        }));
    }
    const done = await Promise.all(runs);
    const refused = done.filter((d) => d.res.status === 503);
    const served = done.filter((d) => d.res.status === 200);
    assert.equal(refused.length + served.length, 20);
    assert.ok(refused.length >= 10, `only ${refused.length} refused`);
    assert.ok(served.length >= 1);
    for (const d of refused) {
      assert.equal(d.res.headers['retry-after'], '1');
      assert.equal(d.res.json().error, 'overloaded');
    }
    // Refused at once, not after waiting for the queue.
    assert.deepEqual(order.slice(0, refused.length),
      Array(refused.length).fill(503), `answers in order: ${order}`);
    // Load gone: served again.
    const again = await postUpdate(server.url, body('slow', 10));
    assert.equal(again.status, 200);
    const m = await scrape(server.url);
    assert.equal(sample(m, 'dashcpp_overload_refusals_total',
      'reason="callback_queue"'), refused.length);
    assert.equal(sample(m, 'dashcpp_callback_requests_total',
      'callback="slow.children",code="503"'), refused.length);
  });

  test('connections beyond max-connections get 503 and are closed',
    async () => {
      await server.stop();
      server = await start('faults', [
        '--max-connections', '3']);
      const { port } = server;
      const open = async () => new Promise((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      });
      const held = [await open(), await open(), await open()];
      // Wait until the server counts them.
      await sleep(200);
      const extra = await open();
      const answer = await new Promise((resolve) => {
        let text = '';
        extra.on('data', (c) => { text += c.toString(); });
        extra.on('close', () => resolve(text));
        extra.on('error', () => resolve(text));
      });
      assert.match(answer, /^HTTP\/1\.1 503 /);
      assert.match(answer, /Retry-After: 1/);
      assert.match(answer, /max-connections/);
      for (const s of held) s.destroy();
      await sleep(200);
      const res = await request(`${server.url}/_health`);
      assert.equal(res.status, 200);
      const m = await scrape(server.url);
      assert.equal(sample(m, 'dashcpp_overload_refusals_total',
        'reason="connections"'), 1);
    });
});
