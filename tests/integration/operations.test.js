// tests/integration/operations.test.js
// What an operator relies on: /_health, /_ready and /_metrics (values that
// match what the test did), JSON and access logs, configuration errors
// that name their key, and a SIGTERM under load that loses no completed
// session write.
'use strict';
const { describe, test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const { request, postUpdate, singleBody, sleep, sample, scrape } =
  require('./helpers.js');

const BIN = path.join(process.env.DASH_BUILD_DIR
  || path.resolve(__dirname, '..', '..', 'build'), 'bin');

const tempDir = (tag) =>
  fs.mkdtempSync(path.join(os.tmpdir(), `dashcpp-${tag}-`));

// ---- example 4 (sessions) requests --------------------------------------
function dataBody(n, sessionId) {
  return {
    output: `output-${n}.children`,
    outputs: { id: `output-${n}`, property: 'children' },
    inputs: [
      { id: 'get-data-button', property: 'n_clicks', value: 1 },
      { id: 'session-id', property: 'data', value: sessionId },
    ],
    changedPropIds: ['get-data-button.n_clicks'],
  };
}

async function newSession(url) {
  const res = await request(`${url}/_dash-layout`);
  assert.equal(res.status, 200);
  const cookie = [].concat(res.headers['set-cookie'] || [])
    .map((c) => /^dash_session=([^;]*)/.exec(c)).find(Boolean);
  assert.ok(cookie, 'a session cookie');
  return cookie[1];
}

const getData = (url, n, id) => postUpdate(url, dataBody(n, id),
  { headers: { Cookie: `dash_session=${id}` }, timeoutMs: 20000 });

const computedFor = (file, id) => (fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8').split('\n')
    .filter((l) => l === `Computing session data for session ${id.slice(0, 6)}`)
    .length
  : 0);

describe('health, readiness and metrics', () => {
  let server;
  after(async () => { if (server) await server.stop(); });

  test('/_health and /_ready answer JSON; wrong methods get 405', async () => {
    server = await startServer('trivial');
    const health = await request(`${server.url}/_health`);
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'ok', draining: false });
    const ready = await request(`${server.url}/_ready`);
    assert.equal(ready.status, 200);
    assert.equal(ready.json().status, 'ready');
    assert.equal(ready.json().checks.front_end, 'ok');
    assert.equal(ready.json().checks.session_store, 'not used');
    const head = await request(`${server.url}/_health`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const post = await request(`${server.url}/_metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
  });

  test('/_metrics counts exactly the requests this test made', async () => {
    for (let i = 0; i < 25; ++i) {
      const res = await postUpdate(server.url,
        singleBody('out', 'children', 'in', 'value', `v${i}`));
      assert.equal(res.status, 200);
    }
    const bad = await postUpdate(server.url, '{not json');
    assert.equal(bad.status, 400);
    const unknown = await postUpdate(server.url,
      singleBody('nope', 'children', 'in', 'value', 1));
    assert.equal(unknown.status, 404);
    for (let i = 0; i < 3; ++i)
      assert.equal((await request(`${server.url}/_dash-layout`)).status, 200);
    const m = await scrape(server.url);
    assert.equal(sample(m, 'dashcpp_callback_requests_total',
      'callback="out.children",code="200"'), 25);
    assert.equal(sample(m, 'dashcpp_callback_duration_seconds_count',
      'callback="out.children"'), 25);
    assert.equal(sample(m, 'dashcpp_http_requests_total',
      'route="update_component",code="200"'), 25);
    assert.equal(sample(m, 'dashcpp_http_requests_total',
      'route="update_component",code="400"'), 1);
    assert.equal(sample(m, 'dashcpp_http_requests_total',
      'route="update_component",code="404"'), 1);
    assert.equal(sample(m, 'dashcpp_http_requests_total',
      'route="layout",code="200"'), 3);
    assert.equal(sample(m, 'dashcpp_http_request_duration_seconds_bucket',
      'route="layout",le="+Inf"'), 3);
    assert.equal(sample(m, 'dashcpp_callback_errors_total',
      'callback="out.children"'), 0);
    assert.equal(sample(m, 'dashcpp_cluster_members'), 1);
    assert.ok(sample(m, 'process_resident_memory_bytes') > 1e6);
    // Every sample line is `name{labels} number`.
    for (const line of m.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      assert.match(line, /^[a-z_]+(\{[^}]*\})? -?[0-9.e+]+$/, line);
    }
  });

  test('cache and session counters match a memoized and a session app',
    async () => {
      await server.stop();
      const dir = tempDir('ops-sessions');
      try {
        server = await startServer('example4_sessions', [
          '--delay-ms', '50',
          '--session-secret-file', path.join(dir, 'key')]);
        const ids = [];
        for (let i = 0; i < 3; ++i) ids.push(await newSession(server.url));
        for (const id of ids) {
          const [a, b] = await Promise.all([getData(server.url, 1, id),
            getData(server.url, 2, id)]);
          assert.equal(a.status, 200);
          assert.equal(b.status, 200);
        }
        const m = await scrape(server.url);
        assert.equal(sample(m, 'dashcpp_sessions_started_total'), 3);
        assert.equal(sample(m, 'dashcpp_sessions_live'), 3);
        assert.equal(sample(m, 'dashcpp_sessions_refused_total'), 0);
        const ready = await request(`${server.url}/_ready`);
        assert.equal(ready.json().checks.session_store, 'ok');
      } finally {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }

      server = await startServer('example3_signal', ['--delay-ms', '50']);
      const signal = (value) => postUpdate(server.url, {
        output: 'signal.data',
        outputs: { id: 'signal', property: 'data' },
        inputs: [{ id: 'dropdown', property: 'value', value }],
        changedPropIds: ['dropdown.value'],
      });
      const answers = await Promise.all([signal('apples'), signal('apples'),
        signal('figs')]);
      for (const a of answers) assert.equal(a.status, 200);
      assert.equal((await signal('apples')).status, 200);
      const m = await scrape(server.url);
      assert.equal(sample(m, 'dashcpp_cache_computations_total',
        'function="global_store"'), 2);
      assert.equal(sample(m, 'dashcpp_cache_misses_total',
        'function="global_store"'), 2);
      // The other two signal requests, and the four graphs each signal
      // feeds (computed ahead by fan-out), read the stored values.
      const hits = sample(m, 'dashcpp_cache_hits_total',
        'function="global_store"');
      const coalesced = sample(m, 'dashcpp_cache_coalesced_total',
        'function="global_store"');
      assert.ok(hits + coalesced >= 2, m);
      assert.equal(sample(m, 'dashcpp_cache_entries',
        'function="global_store"'), 2);
    });
});

describe('readiness follows the session store', () => {
  test('a Redis backend that does not answer makes /_ready 503', async () => {
    const dir = tempDir('ops-redis');
    // A port nobody listens on: the store cannot be reached.
    const server = await startServer('example4_sessions', [
      '--session-backend', 'redis', '--redis-port', '1',
      '--redis-timeout-ms', '200',
      '--session-secret-file', path.join(dir, 'key')]);
    try {
      const ready = await request(`${server.url}/_ready`);
      assert.equal(ready.status, 503);
      assert.equal(ready.json().status, 'not ready');
      assert.match(ready.json().checks.session_store, /redis/);
      const health = await request(`${server.url}/_health`);
      assert.equal(health.status, 200, 'alive even when not ready');
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  test('log-format json writes one JSON object per line, with ids as fields',
    async () => {
      const server = await startServer('faults', ['--log-format', 'json',
        '--access-log', 'true']);
      try {
        const res = await postUpdate(server.url,
          singleBody('boom', 'children', 'boom-in', 'value', 'x'));
        assert.equal(res.status, 500);
        const rid = res.headers['x-request-id'];
        await server.waitForLog(new RegExp(`"request":"${rid}"`));
        await sleep(100);
        const lines = server.logs().split('\n').filter((l) => l !== '');
        const objects = lines.map((l) => JSON.parse(l)); // throws if not JSON
        for (const o of objects) {
          assert.equal(typeof o.time, 'string');
          assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          assert.ok(['trace', 'debug', 'info', 'warning', 'error',
            'critical'].includes(o.level), o.level);
          assert.equal(typeof o.msg, 'string');
        }
        const thrown = objects.find((o) => /callback threw/.test(o.msg));
        assert.ok(thrown, 'the callback error is logged');
        assert.equal(thrown.request, rid);
        assert.equal(thrown.callback, 'boom.children');
        assert.equal(thrown.level, 'error');
        const access = objects.find((o) => o.logger === 'access'
          && o.request === rid);
        assert.ok(access, 'an access line for the request');
        assert.match(access.msg,
          /^POST \/_dash-update-component HTTP\/1\.1 status=500 /);
      } finally {
        await server.stop();
      }
    });
});

describe('configuration', () => {
  const run = (args, env = {}) => spawnSync(path.join(BIN, 'trivial'), args,
    { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10000 });

  test('--help lists every setting', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0);
    for (const key of ['port', 'callback-timeout-ms', 'max-connections',
      'shutdown-timeout-ms', 'worker-restarts', 'supervisor-restarts',
      'log-format', 'access-log', 'session-backend', 'callback-queue'])
      assert.match(r.stdout, new RegExp(`--${key}`), key);
  });

  test('a bad value stops start-up with a message naming the key', () => {
    const cases = [
      [['--port', 'abc'], {}, /port/],
      [['--log-format', 'xml'], {}, /log-format/],
      [[], { DASH_CALLBACK_WORKERS: '0' }, /callback-workers/],
      [['--max-connections', '0'], {}, /max-connections/],
    ];
    for (const [args, env, key] of cases) {
      const r = run(args, env);
      assert.equal(r.status, 2, `${args} ${JSON.stringify(env)}`);
      assert.match(r.stderr, /bad configuration/);
      assert.match(r.stderr, key);
    }
    const dir = tempDir('ops-config');
    try {
      const file = path.join(dir, 'bad.ini');
      fs.writeFileSync(file, 'port = 8050\nworker-restarts = many\n');
      const r = run(['--config', file]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /worker-restarts/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cluster configuration', () => {
  const run = (args) => spawnSync(path.join(BIN, 'trivial'),
    ['--port', '0', '--cluster-port', '0', ...args],
    { encoding: 'utf8', timeout: 10000 });

  test('a bad cluster setting stops start-up with a message naming it', () => {
    let r = run(['--cluster', 'true', '--cluster-secret', 'x'.repeat(32),
      '--cluster-seeds', '127.0.0.1:9051,nonsense']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cluster-seeds: 'nonsense' is not host:port/);
    r = run(['--cluster-heartbeat-ms', '500', '--cluster-down-after-ms',
      '600']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cluster-down-after-ms/);
  });

  test('a node without a usable cluster secret does not start', () => {
    const dir = tempDir('ops-cluster');
    try {
      let r = run(['--cluster', 'true', '--cluster-secret-file',
        path.join(dir, 'missing.key')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /cannot read the cluster secret file/);
      const short = path.join(dir, 'short.key');
      fs.writeFileSync(short, 'too short\n');
      r = run(['--cluster', 'true', '--cluster-secret-file', short]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /at least 16 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM under load: requests in flight finish, every completed '
    + 'session write survives, exit status 0', async () => {
    const dir = tempDir('ops-sigterm');
    const log = path.join(dir, 'computations.log');
    const args = ['--delay-ms', '400', '--session-backend', 'disk',
      '--session-dir', path.join(dir, 'sessions'),
      '--session-secret-file', path.join(dir, 'key'),
      '--computation-log', log, '--shutdown-timeout-ms', '8000'];
    let server = await startServer('example4_sessions', args);
    try {
      const ids = [];
      for (let i = 0; i < 24; ++i) ids.push(await newSession(server.url));
      // Every session asks for its data; the server is told to stop while
      // the computations (400 ms each) are running.
      const runs = ids.map((id) => getData(server.url, 1, id)
        .then((res) => ({ id, res }), (err) => ({ id, err })));
      await sleep(150);
      server.proc.kill('SIGTERM');
      const results = await Promise.all(runs);
      const done = await server.stop();
      assert.deepEqual(done, { code: 0, signal: null });
      assert.match(server.logs(), /requests in flight finished/);
      const completed = results.filter((r) => r.res && r.res.status === 200);
      // They were all in flight when the signal came: all are answered.
      assert.equal(completed.length, ids.length,
        results.map((r) => (r.res ? r.res.status : String(r.err))).join(' '));

      // Started again on the same store: each completed session is served
      // from it, nothing is computed a second time.
      server = await startServer('example4_sessions', args);
      for (const { id, res } of completed) {
        const again = await getData(server.url, 2, id);
        assert.equal(again.status, 200);
        const rows = (r) => JSON.stringify(
          r.json().response[Object.keys(r.json().response)[0]].children
            .props.children[1]);
        assert.equal(rows(again), rows(res), `session ${id.slice(0, 6)}`);
        assert.equal(computedFor(log, id), 1, `session ${id.slice(0, 6)}`);
      }
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('new connections are refused once shutdown begins', async () => {
    const server = await startServer('faults', ['--shutdown-timeout-ms',
      '5000']);
    const slow = postUpdate(server.url,
      singleBody('slow', 'children', 'slow-in', 'value', 800));
    await sleep(100);
    server.proc.kill('SIGTERM');
    await server.waitForLog(/shutting down/);
    await assert.rejects(request(`${server.url}/_health`, { timeoutMs: 2000 }));
    const res = await slow;
    assert.equal(res.status, 200, 'the request in flight was finished');
    assert.match(res.text(), /slept 800 ms/);
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
  });
});
