// tests/cluster/failover.test.js
// kill -9 of a node under load, in a 3-node cluster behind nginx with Redis
// sessions (tests/support/cluster_app): every request of an 8 s load ends
// (an answer or a clean error, never a hang) and fewer than 1% fail; the
// survivors drop the dead node; a key it owned is computed again exactly
// once, on its new owner; sessions stored in Redis keep their rows; the
// node restarts with its name and ports, rejoins, and owns its keys again.
// Also: a node that stops answering (SIGSTOP) is dropped after
// cluster-down-after-ms, its keys are served by the others meanwhile, and it
// rejoins when it wakes up (SIGCONT).
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  startCluster, startRedis, waitForMembers, waitUntil, owner, sessionOwner,
  metricSum, computedCount, liveNodes, tempDir, newSession, postRows, rowsOf,
  postSquare, squareAnswer,
} = require('./harness.js');
const { sleep } = require('../integration/helpers.js');

const DELAY_MS = 200;
const LOAD_MS = 8000;
const KILL_AT_MS = 3000;
const CONCURRENCY = 12;
const REQUEST_TIMEOUT_MS = 10000;
const LOAD_KEYS = Array.from({ length: 12 }, (_, i) => i + 1);
const COMPUTATIONS = 'dashcpp_cache_computations_total';
const SLOW_SQUARE = { function: 'slow_square' };

/// The owner of slow_square(x) on which every node of `nodes` agrees.
async function agreedOwner(nodes, x) {
  const owners = await Promise.all(
    nodes.map((n) => owner(n.url, 'slow_square', [x])));
  return new Set(owners).size === 1 ? owners[0] : null;
}

/// A key from 1000 on, never asked for yet, that node `name` owns.
async function freshKeyOwnedBy(nodes, name) {
  for (let x = 1000; x < 1300; ++x)
    if ((await agreedOwner(nodes, x)) === name) return x;
  throw new Error(`no key in 1000..1299 owned by ${name}`);
}

/// One request of the load: mostly squares of LOAD_KEYS, every fourth a
/// session's rows. Resolves to { kind, ms, status, error, wrong }.
async function oneRequest(url, sessions, i) {
  const t0 = Date.now();
  const round = Math.floor(i / 4);
  const out = { kind: i % 4 === 3 ? 'rows' : 'square' };
  try {
    if (out.kind === 'square') {
      const x = LOAD_KEYS[(3 * round + (i % 4)) % LOAD_KEYS.length];
      const res = await postSquare(url, x, REQUEST_TIMEOUT_MS);
      out.status = res.status;
      if (res.status === 200
        && JSON.stringify(res.json()) !== JSON.stringify(squareAnswer(x)))
        out.wrong = res.text();
    } else {
      const s = sessions[round % sessions.length];
      const res = await postRows(url, s.id,
        { clicks: i + 1, timeoutMs: REQUEST_TIMEOUT_MS });
      out.status = res.status;
      if (res.status === 200 && rowsOf(res) !== s.rows) out.wrong = res.text();
    }
  } catch (e) {
    out.error = e.message;
  }
  out.ms = Date.now() - t0;
  return out;
}

/// `concurrency` loops of requests to `url` for `ms`; `during(elapsed)` is
/// called once after `atMs`. Resolves to every request's outcome.
async function runLoad(url, sessions, { ms, concurrency, atMs, during }) {
  const results = [];
  const t0 = Date.now();
  let n = 0;
  const side = sleep(atMs).then(() => during());
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() - t0 < ms)
      results.push(await oneRequest(url, sessions, n++));
  }));
  await side;
  return results;
}

/// A short account of the load's outcomes for failure messages.
function summary(results) {
  const by = {};
  for (const r of results) {
    const key = r.error ? `error: ${r.error.slice(0, 80)}`
      : `status ${r.status}`;
    by[key] = (by[key] || 0) + 1;
  }
  return JSON.stringify(by);
}

describe('cluster: kill -9 of a key\'s owner under load', { timeout: 170000 },
  () => {
    let dir;
    let redis;
    let cluster;
    let victim;         // index of the node killed
    let victimName;
    let freshKey;       // owned by the victim, asked for only after the kill
    const sessions = []; // { id, rows, owner }

    before(async () => {
      dir = tempDir('cluster-failover');
      redis = await startRedis(path.join(dir, 'redis'));
      cluster = await startCluster('cluster_app', {
        nodes: 3, nginx: true,
        args: ['--delay-ms', String(DELAY_MS), '--session-backend', 'redis',
          '--redis-host', '127.0.0.1', '--redis-port', String(redis.port)],
      });
    });

    after(async () => {
      if (cluster) await cluster.stop();
      if (redis) await redis.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('warm up: keys cached, sessions stored, the victim chosen',
      { timeout: 30000 }, async () => {
        const loadKey = 7;
        victimName = await agreedOwner(cluster.nodes, loadKey);
        assert.ok(victimName, 'the nodes agree on the owner of x=7');
        victim = cluster.nodes.findIndex((n) => n.name === victimName);
        freshKey = await freshKeyOwnedBy(cluster.nodes, victimName);

        for (const x of LOAD_KEYS) {
          const res = await postSquare(cluster.nginxUrl, x);
          assert.deepEqual(res.json(), squareAnswer(x));
        }
        // Eight sessions, at least two of them owned by the victim.
        for (let i = 0; i < 40 && (sessions.length < 8
          || sessions.filter((s) => s.owner === victimName).length < 2); ++i) {
          const id = await newSession(cluster.nginxUrl);
          const sOwner = await sessionOwner(cluster.nodes[0].url, id);
          const rows = rowsOf(await postRows(cluster.nginxUrl, id));
          sessions.push({ id, rows, owner: sOwner });
        }
        assert.ok(sessions.filter((s) => s.owner === victimName).length >= 2,
          `sessions owned by ${victimName}`);
      });

    test('kill -9 of the owner of x=7 mid-load: every request ends, fewer '
      + 'than 1% fail', { timeout: 40000 }, async () => {
      assert.ok(victimName, 'warm-up ran');
      const results = await runLoad(cluster.nginxUrl, sessions, {
        ms: LOAD_MS, concurrency: CONCURRENCY, atMs: KILL_AT_MS,
        during: () => cluster.kill9(victim),
      });
      const failed = results.filter((r) => r.error || r.status !== 200);
      const hung = results.filter(
        (r) => r.error && /no answer in/.test(r.error));
      const wrong = results.filter((r) => r.wrong);
      const slowest = Math.max(...results.map((r) => r.ms));
      console.log(`load: ${results.length} requests, ${failed.length} failed, `
        + `slowest ${slowest} ms, ${summary(results)}`);
      assert.ok(results.length >= 200, `the load ran (${results.length})`);
      assert.equal(hung.length, 0, `requests without an answer in `
        + `${REQUEST_TIMEOUT_MS} ms: ${summary(results)}`);
      assert.equal(wrong.length, 0, `wrong answers: ${wrong[0]?.wrong}`);
      assert.ok(failed.length < results.length / 100,
        `${failed.length} of ${results.length} failed: ${summary(results)}`);
      assert.ok(cluster.nodes[victim].server.exited(), 'the victim is dead');
    });

    test('the survivors drop the dead node', { timeout: 20000 }, async () => {
      const survivors = liveNodes(cluster);
      assert.equal(survivors.length, 2);
      await waitForMembers(cluster, { nodes: survivors });
      for (const n of survivors) {
        await n.server.waitForLog(new RegExp(
          `cluster member left: ${victimName} .*members=2`), 5000);
      }
    });

    test('a key of the dead node is computed once, on its new owner',
      { timeout: 20000 }, async () => {
        const survivors = liveNodes(cluster);
        const newOwner = await agreedOwner(survivors, freshKey);
        assert.ok(newOwner && newOwner !== victimName, `new owner ${newOwner}`);
        const before = await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE);
        assert.equal(computedCount(cluster, 'slow_square', [freshKey]), 0);

        const answers = await Promise.all(Array.from({ length: 9 },
          () => postSquare(cluster.nginxUrl, freshKey)));
        for (const res of answers) {
          assert.equal(res.status, 200, res.text());
          assert.deepEqual(res.json(), squareAnswer(freshKey));
        }
        await sleep(200);
        assert.equal(await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE),
          before + 1, 'one more computation over the survivors');
        const computedOn = survivors.filter((n) =>
          computedCount(cluster, 'slow_square', [freshKey], [n]) === 1);
        assert.deepEqual(computedOn.map((n) => n.name), [newOwner]);
      });

    test('sessions stored in Redis keep their rows', { timeout: 20000 },
      async () => {
        for (const s of sessions) {
          assert.equal(rowsOf(await postRows(cluster.nginxUrl, s.id,
            { clicks: 99 })), s.rows, `session ${s.id.slice(0, 6)} (owner `
            + `${s.owner})`);
        }
      });

    test('the node restarts with its name and ports, rejoins, and owns its '
      + 'keys again', { timeout: 40000 }, async () => {
      const node = await cluster.restart(victim);
      await node.server.waitForLog(new RegExp(
        `cluster listening on 127\\.0\\.0\\.1:${node.clusterPort} `
        + `node=${victimName}`), 5000);
      await waitForMembers(cluster, { ms: 20000 });
      await waitUntil(async () =>
        (await agreedOwner(cluster.nodes, freshKey)) === victimName,
      { ms: 10000,
        what: `every node naming ${victimName} owner of ${freshKey}` });

      // It answers, directly and behind nginx again (after nginx's 2 s
      // fail_timeout), with the same sessions.
      assert.deepEqual((await postSquare(node.url, freshKey)).json(),
        squareAnswer(freshKey));
      for (const s of sessions)
        assert.equal(rowsOf(await postRows(node.url, s.id)), s.rows);
      await sleep(2500);
      const seen = new Set();
      for (let i = 0; i < 12; ++i) {
        const res = await postSquare(cluster.nginxUrl, LOAD_KEYS[i]);
        assert.deepEqual(res.json(), squareAnswer(LOAD_KEYS[i]));
      }
      for (const line of cluster.nginx.accessLog().slice(-12)) {
        const m = /upstream=127\.0\.0\.1:(\d+) /.exec(line);
        if (m) seen.add(Number(m[1]));
      }
      assert.ok(seen.has(node.port), `nginx sends to the restarted node `
        + `again (ports seen: ${[...seen]})`);
    });
  });

describe('cluster: a silent node (SIGSTOP)', { timeout: 90000 }, () => {
  const DOWN_AFTER_MS = 2000;
  let cluster;
  let frozen;

  before(async () => {
    cluster = await startCluster('cluster_app', { nodes: 3,
      downAfterMs: DOWN_AFTER_MS, args: ['--delay-ms', String(DELAY_MS)] });
  });

  after(async () => {
    if (frozen) frozen.server.proc.kill('SIGCONT');
    if (cluster) await cluster.stop();
  });

  test('its key is answered by the others within down-after-ms, and it is '
    + 'dropped', { timeout: 20000 }, async () => {
    frozen = cluster.nodes[2];
    const key = await freshKeyOwnedBy(cluster.nodes, frozen.name);
    const others = cluster.nodes.slice(0, 2);
    frozen.server.proc.kill('SIGSTOP');
    const t0 = Date.now();
    const answers = await Promise.all(
      others.map((n) => postSquare(n.url, key, REQUEST_TIMEOUT_MS)));
    const took = Date.now() - t0;
    for (const res of answers) {
      assert.equal(res.status, 200, res.text());
      assert.deepEqual(res.json(), squareAnswer(key));
    }
    assert.ok(took < DOWN_AFTER_MS + DELAY_MS + 2000,
      `answered in ${took} ms (down-after ${DOWN_AFTER_MS} ms)`);
    await waitForMembers(cluster, { nodes: others, ms: 5000 });
    assert.equal(computedCount(cluster, 'slow_square', [key], others), 1);
  });

  test('woken up, it rejoins and owns its keys again', { timeout: 30000 },
    async () => {
      assert.ok(frozen, 'the previous test froze a node');
      frozen.server.proc.kill('SIGCONT');
      await waitForMembers(cluster, { ms: 20000 });
      const key = await freshKeyOwnedBy(cluster.nodes.slice(0, 2), frozen.name);
      assert.equal(await agreedOwner(cluster.nodes, key), frozen.name);
      for (const n of cluster.nodes)
        assert.deepEqual((await postSquare(n.url, key)).json(),
          squareAnswer(key));
      frozen = null;
    });
});
