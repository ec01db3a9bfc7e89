// tests/integration/sessions.test.js
// Per-user sessions over HTTP, with apps/example4_sessions (the seed's
// Example 4): the server issues a signed session id (cookie and dcc.Store);
// a session's data is computed once however many callbacks ask at once;
// forged, tampered and foreign ids get 403 and never another user's rows;
// 1000 sessions driven concurrently each see only their own rows; the disk
// (LMDB) and Redis backends keep a session's data across a kill -9 of the
// server; Redis restarted or stopped under a running server.
//
// Every test starts its own servers (and its own redis-server on a free
// 127.0.0.1 port with a temporary directory) and stops them by PID.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const { redisCommand, startRedis } = require('../support/redis.js');
const { request, postUpdate, assertJsonError, sleep } =
  require('./helpers.js');

const ID_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const REQUEST_TIMEOUT_MS = 15000;

// ---- the app's requests and answers ----------------------------------------

/// The body the renderer sends for output-`n` (1 or 2): the button's
/// n_clicks and the session id the layout put in the `session-id` store.
function dataBody(n, sessionId, clicks = 1) {
  return {
    output: `output-${n}.children`,
    outputs: { id: `output-${n}`, property: 'children' },
    inputs: [
      { id: 'get-data-button', property: 'n_clicks', value: clicks },
      { id: 'session-id', property: 'data', value: sessionId },
    ],
    changedPropIds: ['get-data-button.n_clicks'],
  };
}

/// POSTs output-`n` for `sessionId`, with `cookie` (default: the same id,
/// as the browser of that session sends it; null: no cookie).
function getData(url, n, sessionId, { clicks = 1, cookie, agent } = {}) {
  const c = cookie === undefined ? sessionId : cookie;
  const headers = c === null ? {} : { Cookie: `dash_session=${c}` };
  return postUpdate(url, dataBody(n, sessionId, clicks),
    { headers, agent, timeoutMs: REQUEST_TIMEOUT_MS });
}

/// The session cookie a response sets, or null.
function setCookieId(res) {
  const all = [].concat(res.headers['set-cookie'] || []);
  for (const c of all) {
    const m = /^dash_session=([^;]*)/.exec(c);
    if (m) return m[1];
  }
  return null;
}

/// The `session-id` store's data in a layout.
function storeIdOf(layout) {
  let found = null;
  const walk = (node) => {
    if (found !== null || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.props && node.props.id === 'session-id') {
      found = node.props.data;
      return;
    }
    if (node.props) walk(node.props.children);
  };
  walk(layout);
  return found;
}

/// A new session, as a first page load makes it: GET /_dash-layout without
/// a cookie. Returns the id (cookie and store agree).
async function newSession(url, agent) {
  const res = await request(`${url}/_dash-layout`,
    { agent, timeoutMs: REQUEST_TIMEOUT_MS });
  assert.equal(res.status, 200, res.text());
  const cookie = setCookieId(res);
  const stored = storeIdOf(res.json());
  assert.match(cookie || '', ID_SHAPE, 'a session cookie');
  assert.equal(stored, cookie, 'the layout carries the cookie\'s id');
  return cookie;
}

/// The text content of a component tree.
function textOf(node) {
  if (node === null || node === undefined) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node.props) return textOf(node.props.children);
  return '';
}

/// All components of `type` in a tree, in document order.
function findAll(node, type, out = []) {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((c) => findAll(c, type, out));
    return out;
  }
  if (node.type === type) out.push(node);
  if (node.props) findAll(node.props.children, type, out);
  return out;
}

/// What output-`n`'s answer shows: { caption, head, rows: [[time, value]] }.
function outputOf(res, n) {
  assert.equal(res.status, 200, `output-${n}: ${res.status} ${res.text()}`);
  const body = res.json();
  const div = body.response[`output-${n}`].children;
  const parts = [].concat(div.props.children);
  const tables = findAll(div, 'Table');
  assert.equal(tables.length, 1, `output-${n}: one table`);
  const head = findAll(findAll(tables[0], 'Thead'), 'Th').map(textOf);
  const rows = findAll(findAll(tables[0], 'Tbody'), 'Tr')
    .map((tr) => findAll(tr, 'Td').map(textOf));
  return { caption: textOf(parts[0]), head, rows };
}

/// Checks one output: caption, header, and the seed's four rows (a, b, a,
/// c at now-15, -10, -5, now seconds), computed between `from` and `to`
/// (ms since the epoch; the rows carry whole seconds, UTC).
function checkOutput(out, n, clicks, { from, to } = {}) {
  assert.equal(out.caption,
    `Output ${n} - Button has been clicked ${clicks} times`);
  assert.deepEqual(out.head, ['time', 'values']);
  assert.deepEqual(out.rows.map((r) => r[1]), ['a', 'b', 'a', 'c']);
  const times = out.rows.map((r) => Date.parse(`${r[0].replace(' ', 'T')}Z`));
  assert.ok(times.every(Number.isFinite), `times: ${JSON.stringify(out.rows)}`);
  assert.deepEqual(times.map((t) => times[3] - t), [15000, 10000, 5000, 0],
    `rows 5 s apart: ${JSON.stringify(out.rows)}`);
  if (from !== undefined) {
    assert.ok(times[3] >= Math.floor(from / 1000) * 1000 - 1000
      && times[3] <= to + 1000,
    `rows computed during this session's first request `
      + `(${new Date(from).toISOString()}..${new Date(to).toISOString()}): `
      + JSON.stringify(out.rows));
  }
}

/// The lines of the computation log so far.
function computations(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/// How many computation lines name session `id`.
function computedFor(file, id) {
  const line = `Computing session data for session ${id.slice(0, 6)}`;
  return computations(file).filter((l) => l === line).length;
}

/// A well-formed id signed with a key this server never had.
function forgedId() {
  const rnd = crypto.randomBytes(16).toString('base64url');
  const sig = crypto.createHmac('sha256', crypto.randomBytes(32))
    .update(rnd).digest('base64url');
  return `${rnd}.${sig}`;
}

/// `id` with the character at `pos` changed to another base64url one.
function tamper(id, pos) {
  const c = id[pos] === 'A' ? 'B' : 'A';
  return id.slice(0, pos) + c + id.slice(pos + 1);
}

/// Runs `fn(item, index)` over `items` with at most `limit` in flight.
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    });
  await Promise.all(workers);
  return results;
}

function tempDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dashcpp-${tag}-`));
}

/// Starts example4_sessions with a secret file and computation log in
/// `dir` plus `args`.
function startApp(dir, args = []) {
  return startServer('example4_sessions', [
    '--session-secret-file', path.join(dir, 'session.key'),
    '--computation-log', path.join(dir, 'computations.log'),
    ...args,
  ]);
}

/// Kills the server with SIGKILL (no shutdown work at all) and waits.
async function killHard(server) {
  server.proc.kill('SIGKILL');
  const end = Date.now() + 5000;
  while (!server.exited() && Date.now() < end) await sleep(10);
  assert.ok(server.exited(), 'the server died within 5 s of SIGKILL');
  assert.equal(server.exited().signal, 'SIGKILL');
}

// ---- redis-server -----------------------------------------------------------

/// A port on 127.0.0.1 that was free a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---- tests ------------------------------------------------------------------

describe('sessions: ids, single flight and refused ids (memory backend)',
  { timeout: 60000 }, () => {
    let server;
    let dir;
    let log;

    before(async () => {
      dir = tempDir('sessions');
      log = path.join(dir, 'computations.log');
      server = await startApp(dir, ['--delay-ms', '400']);
    });

    after(async () => {
      if (server) await server.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a page load without a cookie gets a signed session id in an '
      + 'HttpOnly cookie and in the layout\'s store', async () => {
      const res = await request(`${server.url}/_dash-layout`);
      assert.equal(res.status, 200);
      const cookies = [].concat(res.headers['set-cookie'] || []);
      assert.equal(cookies.length, 1, JSON.stringify(cookies));
      const id = setCookieId(res);
      assert.match(id, ID_SHAPE);
      assert.match(cookies[0], /;\s*HttpOnly/i);
      assert.match(cookies[0], /;\s*SameSite=Lax/i);
      assert.match(cookies[0], /;\s*Path=\//);
      assert.equal(storeIdOf(res.json()), id);

      // Coming back with the cookie: the same session, no new cookie.
      const again = await request(`${server.url}/_dash-layout`,
        { headers: { Cookie: `other=1; dash_session=${id}` } });
      assert.equal(again.status, 200);
      assert.equal(setCookieId(again), null);
      assert.equal(storeIdOf(again.json()), id);

      // The page sets it too.
      const page = await request(`${server.url}/`);
      assert.equal(page.status, 200);
      const pageId = setCookieId(page);
      assert.match(pageId || '', ID_SHAPE);
      assert.notEqual(pageId, id);

      // A forged or tampered cookie is replaced by a new id.
      for (const bad of [forgedId(), tamper(id, 3), tamper(id, 40)]) {
        const r = await request(`${server.url}/_dash-layout`,
          { headers: { Cookie: `dash_session=${bad}` } });
        const fresh = setCookieId(r);
        assert.match(fresh || '', ID_SHAPE, `a new id instead of ${bad}`);
        assert.notEqual(fresh, bad);
        assert.notEqual(fresh, id);
        assert.equal(storeIdOf(r.json()), fresh);
      }
    });

    test('two concurrent callbacks of one session compute its data once',
      async () => {
        const id = await newSession(server.url);
        const from = Date.now();
        const [r1, r2] = await Promise.all([
          getData(server.url, 1, id), getData(server.url, 2, id)]);
        const to = Date.now();
        const o1 = outputOf(r1, 1);
        const o2 = outputOf(r2, 2);
        checkOutput(o1, 1, 1, { from, to });
        checkOutput(o2, 2, 1, { from, to });
        assert.deepEqual(o2.rows, o1.rows, 'both outputs show the same rows');
        assert.ok(to - from >= 350, `the slow step ran (${to - from} ms)`);
        assert.equal(computedFor(log, id), 1, computations(log).join('\n'));

        // The second click: same rows, nothing computed.
        const [s1, s2] = await Promise.all([
          getData(server.url, 1, id, { clicks: 2 }),
          getData(server.url, 2, id, { clicks: 2 })]);
        const p1 = outputOf(s1, 1);
        const p2 = outputOf(s2, 2);
        checkOutput(p1, 1, 2);
        checkOutput(p2, 2, 2);
        assert.deepEqual(p1.rows, o1.rows);
        assert.deepEqual(p2.rows, o1.rows);
        assert.equal(computedFor(log, id), 1);
      });

    test('forged and tampered ids get 403 JSON and compute nothing',
      async () => {
        const owner = await newSession(server.url);
        const ownRows = outputOf(await getData(server.url, 1, owner), 1).rows;
        const before = computations(log).length;
        const bad = [
          forgedId(),
          tamper(owner, 0),     // random part changed
          tamper(owner, 21),
          tamper(owner, 30),    // signature changed
          tamper(owner, 65),
          owner.slice(0, 40),   // truncated
          `${owner}A`,          // too long
          owner.slice(0, 22),   // no signature at all
          '9b2f4d0e-4c55-4d7a-9a0c-8d7e1b2a3c4d', // the seed's kind of id
        ];
        for (const id of bad) {
          // With the bad id in the cookie too, and with the owner's cookie.
          for (const cookie of [id, owner, null]) {
            const res = await getData(server.url, 1, id, { cookie });
            const body = assertJsonError(res, 403, 'forbidden');
            assert.ok(!res.text().includes('"Td"'), 'no rows in a refusal');
            assert.match(body.message, /session/i);
          }
        }
        await sleep(100);
        assert.equal(computations(log).length, before,
          'no computation for a refused id');
        assert.match(server.logs(), /refused a session id/);
        // The owner's session is untouched.
        const again = outputOf(await getData(server.url, 2, owner), 2);
        assert.deepEqual(again.rows, ownRows);
      });

    test('a foreign id (another user\'s real id) gets 403, never that '
      + 'user\'s rows', async () => {
      const alice = await newSession(server.url);
      const bob = await newSession(server.url);
      const aliceRows =
        outputOf(await getData(server.url, 1, alice), 1).rows;
      const before = computations(log).length;
      // Bob's browser (Bob's cookie) sends Alice's id in the store; a client
      // with no cookie at all sends it too.
      const attempts = [
        { who: 'bob\'s cookie', cookie: bob },
        { who: 'no cookie', cookie: null },
      ];
      const problems = [];
      for (const { who, cookie } of attempts) {
        for (const n of [1, 2]) {
          const res = await getData(server.url, n, alice, { cookie });
          const leaked = res.status === 200
            && JSON.stringify(outputOf(res, n).rows)
              === JSON.stringify(aliceRows);
          if (res.status !== 403 || leaked) {
            problems.push(`${who}, output-${n}: HTTP ${res.status}`
              + `${leaked ? ' with Alice\'s rows' : ''}`);
          } else {
            assertJsonError(res, 403, 'forbidden');
          }
        }
      }
      assert.equal(computations(log).length, before);
      assert.deepEqual(problems, [],
        'POST /_dash-update-component with session-id.data = Alice\'s id '
        + 'and a Cookie of another session (or none) must be refused with '
        + '403; the server answered with Alice\'s data');
    });
  });

describe('sessions: 1000 sessions driven concurrently over HTTP',
  { timeout: 100000 }, () => {
    const SESSIONS = 1000;
    const IN_FLIGHT = 100;
    const PACE_MS = 4;
    let server;
    let dir;
    let log;
    let agent;
    let sessions = [];

    before(async () => {
      dir = tempDir('sessions-1000');
      log = path.join(dir, 'computations.log');
      server = await startApp(dir, ['--delay-ms', '20']);
      agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    });

    after(async () => {
      if (agent) agent.destroy();
      if (server) await server.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('each session computes once and only ever sees its own rows',
      async () => {
        const t0 = Date.now();
        const ids = await pool(Array.from({ length: SESSIONS }), IN_FLIGHT,
          () => newSession(server.url, agent));
        assert.equal(new Set(ids).size, SESSIONS, 'every id is new');
        const prefixes = new Set(ids.map((id) => id.slice(0, 6)));
        assert.equal(prefixes.size, SESSIONS, 'log prefixes are distinct');

        // Round 1: both outputs of every session at once (each session's
        // first request computes its rows). Sessions start PACE_MS apart,
        // so their rows carry several different seconds.
        const start1 = Date.now();
        const first = await pool(ids, IN_FLIGHT, async (id, i) => {
          const wait = start1 + i * PACE_MS - Date.now();
          if (wait > 0) await sleep(wait);
          const from = Date.now();
          const [r1, r2] = await Promise.all([
            getData(server.url, 1, id, { agent }),
            getData(server.url, 2, id, { agent })]);
          const to = Date.now();
          const o1 = outputOf(r1, 1);
          const o2 = outputOf(r2, 2);
          checkOutput(o1, 1, 1, { from, to });
          checkOutput(o2, 2, 1, { from, to });
          assert.deepEqual(o2.rows, o1.rows,
            `session ${id.slice(0, 6)}: both outputs hold one computation`);
          return o1.rows;
        });
        const t1 = Date.now();

        // Round 2, in another order: the same rows for each session.
        const order = ids.map((id, i) => ({ id, i }))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        await pool(order, IN_FLIGHT, async ({ id, i }) => {
          const n = (i % 2) + 1;
          const out = outputOf(await getData(server.url, n, id,
            { clicks: 2, agent }), n);
          checkOutput(out, n, 2);
          assert.deepEqual(out.rows, first[i],
            `session ${id.slice(0, 6)} sees its own rows again`);
        });
        const t2 = Date.now();

        // Exactly one computation per session, each for that session.
        await sleep(200);
        const lines = computations(log);
        assert.equal(lines.length, SESSIONS);
        const perPrefix = new Map();
        for (const l of lines) {
          const m = /^Computing session data for session (.{6})$/.exec(l);
          assert.ok(m, `a computation line: ${l}`);
          perPrefix.set(m[1], (perPrefix.get(m[1]) || 0) + 1);
        }
        for (const id of ids)
          assert.equal(perPrefix.get(id.slice(0, 6)), 1, id.slice(0, 6));

        // Rows of several different seconds: a session given rows computed
        // for a session of another second would have failed above (its
        // first request's time window, or its second round).
        const distinct = new Set(first.map((r) => r[3][0]));
        console.log(`${SESSIONS} sessions: ids and round 1 ${t1 - t0} ms, `
          + `round 2 ${t2 - t1} ms, ${distinct.size} distinct row sets`);
        assert.ok(distinct.size >= 3, `${distinct.size} distinct row sets`);
        sessions = ids;
      });

    test('among them, forged and foreign ids get no data', async () => {
      assert.ok(sessions.length > 100, 'the previous test made sessions');
      const before = computations(log).length;
      // Forged: 100 made-up ids, each with a real session's cookie.
      const forged = await pool(sessions.slice(0, 100), 50, async (id) => {
        const res = await getData(server.url, 1, forgedId(),
          { cookie: id, agent });
        return res.status === 403 && !res.text().includes('"Td"');
      });
      assert.equal(forged.filter((ok) => !ok).length, 0,
        'every forged id refused with 403');
      // Foreign: a session's real id sent with its neighbour's cookie.
      const foreign = await pool(sessions.slice(0, 100), 50, async (id, i) => {
        const res = await getData(server.url, 1, id,
          { cookie: sessions[i + 1], agent });
        return res.status;
      });
      assert.equal(computations(log).length, before, 'nothing computed');
      const answered = foreign.filter((s) => s !== 403);
      assert.equal(answered.length, 0,
        `${answered.length} of ${foreign.length} sessions' ids sent with `
        + 'another session\'s cookie were answered (statuses '
        + `${[...new Set(answered)]}) instead of refused with 403`);
    });
  });

describe('sessions: disk backend (LMDB) survives kill -9', { timeout: 60000 },
  () => {
    let server;
    let dir;
    let log;

    before(() => {
      dir = tempDir('sessions-disk');
      log = path.join(dir, 'computations.log');
    });

    after(async () => {
      if (server) await server.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const args = () => ['--delay-ms', '200', '--session-backend', 'disk',
      '--session-dir', path.join(dir, 'sessions')];

    test('a session gets its data back after kill -9 without recomputing',
      async () => {
        server = await startApp(dir, args());
        const ids = [];
        const rows = [];
        for (let i = 0; i < 3; ++i) {
          const id = await newSession(server.url);
          const [r1, r2] = await Promise.all([
            getData(server.url, 1, id), getData(server.url, 2, id)]);
          const o1 = outputOf(r1, 1);
          assert.deepEqual(outputOf(r2, 2).rows, o1.rows);
          ids.push(id);
          rows.push(o1.rows);
          if (i < 2) await sleep(1100); // rows of different seconds
        }
        assert.equal(computations(log).length, 3);
        assert.ok(fs.existsSync(path.join(dir, 'sessions')),
          'the disk backend made its folder');

        await killHard(server);
        server = await startApp(dir, args());

        for (let i = 0; i < ids.length; ++i) {
          const id = ids[i];
          // The cookie still verifies (same secret file): no new id.
          const layout = await request(`${server.url}/_dash-layout`,
            { headers: { Cookie: `dash_session=${id}` } });
          assert.equal(setCookieId(layout), null);
          const [r1, r2] = await Promise.all([
            getData(server.url, 1, id, { clicks: 2 }),
            getData(server.url, 2, id, { clicks: 2 })]);
          checkOutput(outputOf(r1, 1), 1, 2);
          assert.deepEqual(outputOf(r1, 1).rows, rows[i]);
          assert.deepEqual(outputOf(r2, 2).rows, rows[i]);
        }
        assert.equal(computations(log).length, 3,
          `nothing recomputed:\n${computations(log).join('\n')}`);

        // New sessions still compute normally on the restarted server.
        const fresh = await newSession(server.url);
        checkOutput(outputOf(await getData(server.url, 1, fresh), 1), 1, 1);
        assert.equal(computedFor(log, fresh), 1);
      });
  });

describe('sessions: Redis backend', { timeout: 90000 }, () => {
  const REDIS_TIMEOUT_MS = 500;
  let redis;
  let server;
  let dir;
  let log;
  let redisPort;

  before(async () => {
    dir = tempDir('sessions-redis');
    fs.mkdirSync(path.join(dir, 'redis'));
    log = path.join(dir, 'computations.log');
    redisPort = await freePort();
    redis = await startRedis(path.join(dir, 'redis'), redisPort);
  });

  after(async () => {
    if (server) await server.stop();
    if (redis) await redis.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const args = (more = []) => ['--delay-ms', '200',
    '--session-backend', 'redis', '--redis-host', '127.0.0.1',
    '--redis-port', String(redisPort),
    '--redis-timeout-ms', String(REDIS_TIMEOUT_MS), ...more];

  /// Stops the server a previous step (or a failed test) left, then starts
  /// one with `more` flags.
  async function restart(more = []) {
    if (server) await server.stop();
    server = null;
    server = await startApp(dir, args(more));
  }

  test('a session gets its data back after kill -9 without recomputing',
    async () => {
      const keysBefore = Number((await redisCommand(redisPort, ['DBSIZE']))
        .slice(1));
      await restart();
      const ids = [];
      const rows = [];
      for (let i = 0; i < 3; ++i) {
        const id = await newSession(server.url);
        const [r1, r2] = await Promise.all([
          getData(server.url, 1, id), getData(server.url, 2, id)]);
        assert.deepEqual(outputOf(r2, 2).rows, outputOf(r1, 1).rows);
        ids.push(id);
        rows.push(outputOf(r1, 1).rows);
      }
      const computed = computations(log).length;
      assert.equal(computed, 3);
      const keys = Number((await redisCommand(redisPort, ['DBSIZE'])).slice(1));
      assert.equal(keys, keysBefore + 3, 'one Redis key per session');

      await killHard(server);
      await restart();
      for (let i = 0; i < ids.length; ++i) {
        const [r1, r2] = await Promise.all([
          getData(server.url, 1, ids[i], { clicks: 3 }),
          getData(server.url, 2, ids[i], { clicks: 3 })]);
        checkOutput(outputOf(r1, 1), 1, 3);
        checkOutput(outputOf(r2, 2), 2, 3);
        assert.deepEqual(outputOf(r1, 1).rows, rows[i]);
        assert.deepEqual(outputOf(r2, 2).rows, rows[i]);
      }
      assert.equal(computations(log).length, computed, 'nothing recomputed');
    });

  test('Redis restarted under a running server: requests recover',
    async () => {
      // Idle sessions leave after 300 ms, so later requests load from Redis.
      await restart(['--session-idle-ms', '300']);
      const kept = await newSession(server.url);
      const keptRows = outputOf(await getData(server.url, 1, kept), 1).rows;
      const computed = computations(log).length;

      await redis.stop();
      // While Redis is down: a new session gets a clean 503.
      const during = await newSession(server.url);
      const down = await getData(server.url, 1, during);
      assertJsonError(down, 503, 'unavailable');

      redis = await startRedis(path.join(dir, 'redis'), redisPort);
      await sleep(700); // `kept` has been passivated by now

      // The session stored before the restart comes back from Redis (at
      // most one 503 while the server reconnects), without recomputing.
      const statuses = [];
      let back = null;
      for (let i = 0; i < 10 && back === null; ++i) {
        const res = await getData(server.url, 2, kept, { clicks: 2 });
        statuses.push(res.status);
        if (res.status === 200) back = outputOf(res, 2);
        else {
          assertJsonError(res, 503, 'unavailable');
          await sleep(200);
        }
      }
      assert.ok(back, `no answer after the Redis restart: ${statuses}`);
      assert.ok(statuses.length <= 2, `at most one 503 first: ${statuses}`);
      assert.deepEqual(back.rows, keptRows);
      assert.equal(computations(log).length, computed,
        'the stored session was not recomputed');

      // A brand-new session works.
      const fresh = await newSession(server.url);
      checkOutput(outputOf(await getData(server.url, 1, fresh), 1), 1, 1);

      // The session first asked for while Redis was down works now too.
      const retried = [];
      let ok = null;
      for (let i = 0; i < 5 && ok === null; ++i) {
        const res = await getData(server.url, 1, during, { clicks: 2 });
        retried.push(res.status);
        if (res.status === 200) ok = outputOf(res, 1);
        else await sleep(200);
      }
      assert.ok(ok, 'POST output-1 for a session whose first request came '
        + 'while Redis was down still fails after Redis is back: statuses '
        + `${retried} (expected 200)`);
      checkOutput(ok, 1, 2);
    });

  test('Redis stopped or hung: a new session gets a clean 503 within about '
    + 'twice the Redis timeout, live sessions keep answering', async () => {
    await restart();
    const live = await newSession(server.url);
    const liveRows = outputOf(await getData(server.url, 1, live), 1).rows;
    const limit = 2 * REDIS_TIMEOUT_MS + 500;

    // Hung: the process is there but never answers.
    redis.proc.kill('SIGSTOP');
    try {
      const id = await newSession(server.url);
      const t0 = Date.now();
      const res = await getData(server.url, 1, id);
      const took = Date.now() - t0;
      assertJsonError(res, 503, 'unavailable');
      assert.ok(took <= limit, `503 after ${took} ms (limit ${limit} ms)`);
      // A live session's data is in the server's memory.
      const hit = outputOf(await getData(server.url, 2, live), 2);
      assert.deepEqual(hit.rows, liveRows);
    } finally {
      redis.proc.kill('SIGCONT');
    }

    // Stopped: nothing listens on the port.
    await redis.stop();
    redis = null;
    for (let i = 0; i < 3; ++i) {
      const id = await newSession(server.url);
      const t0 = Date.now();
      const res = await getData(server.url, 2, id);
      const took = Date.now() - t0;
      assertJsonError(res, 503, 'unavailable');
      assert.ok(took <= limit, `503 after ${took} ms (limit ${limit} ms)`);
    }
    const hit = outputOf(await getData(server.url, 1, live, { clicks: 5 }), 1);
    assert.deepEqual(hit.rows, liveRows);
    assert.equal(server.exited(), null, 'the server is still running');
  });
});

describe('sessions: shutdown', { timeout: 30000 }, () => {
  let server;
  let dir;

  before(() => { dir = tempDir('sessions-stop'); });

  after(async () => {
    if (server) await server.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('SIGTERM stops a server that has sessions within 5 s, exit code 0',
    async () => {
      server = await startApp(dir, ['--delay-ms', '0']);
      const id = await newSession(server.url);
      checkOutput(outputOf(await getData(server.url, 1, id), 1), 1, 1);
      const t0 = Date.now();
      server.proc.kill('SIGTERM');
      while (!server.exited() && Date.now() - t0 < 5000) await sleep(20);
      const exited = server.exited();
      const took = Date.now() - t0;
      if (!exited) server.proc.kill('SIGKILL'); // stop() reaps it
      assert.ok(exited, `example4_sessions still running ${took} ms after `
        + 'SIGTERM; '
        + `log:\n${server.logs().split('\n').slice(-4).join('\n')}`);
      assert.deepEqual(exited, { code: 0, signal: null });
    });
});
