// tests/cluster/sessions.test.js
// Sessions in a 3-node cluster behind nginx (round robin) with Redis as the
// session store (tests/support/cluster_app): one user's requests land on
// every node and always see the same rows, computed once in the cluster on
// the session's owner; two users see different rows, also when their
// requests interleave. Sessions on a disk every node shares (LMDB) survive
// a kill -9 of their owner: the new owner reads them back, computing
// nothing.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  startCluster, startRedis, sessionOwner, tempDir, pool, newSession, postRows,
  rowsOf, waitForMembers, liveNodes,
} = require('./harness.js');

/// The nodes (HTTP ports) nginx sent session `id`'s requests to, from its
/// access log (it logs six characters of the session cookie).
function upstreamsOf(cluster, id) {
  const ports = new Set();
  for (const line of cluster.nginx.accessLog()) {
    if (!line.includes(`session=${id.slice(0, 6)} `)) continue;
    const m = /upstream=127\.0\.0\.1:(\d+) /.exec(line);
    if (m) ports.add(Number(m[1]));
  }
  return ports;
}

/// The computations of session `id`'s rows, per node name, from the
/// nodes' logs.
function rowComputations(cluster, id) {
  const line = new RegExp(`computed session value=user_rows `
    + `session=${id.slice(0, 6)}`);
  const out = {};
  for (const n of cluster.nodes) {
    const c = n.server.count(line);
    if (c > 0) out[n.name] = c;
  }
  return out;
}

describe('cluster: sessions through nginx with Redis', { timeout: 90000 },
  () => {
    let dir;
    let redis;
    let cluster;

    before(async () => {
      dir = tempDir('cluster-sessions');
      redis = await startRedis(path.join(dir, 'redis'));
      cluster = await startCluster('cluster_app', {
        nodes: 3, nginx: true,
        args: ['--delay-ms', '200', '--session-backend', 'redis',
          '--redis-host', '127.0.0.1', '--redis-port', String(redis.port)],
      });
    });

    after(async () => {
      if (cluster) await cluster.stop();
      if (redis) await redis.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('one user\'s requests land on every node and see the same rows',
      { timeout: 30000 }, async () => {
        const id = await newSession(cluster.nginxUrl);
        const seen = [];
        for (let clicks = 1; clicks <= 9; ++clicks)
          seen.push(rowsOf(await postRows(cluster.nginxUrl, id, { clicks })));
        assert.equal(new Set(seen).size, 1, `always the same rows: ${seen}`);

        const ports = upstreamsOf(cluster, id);
        assert.deepEqual([...ports].sort(),
          cluster.nodes.map((n) => n.port).sort(),
          'nginx sent the user\'s requests to all three nodes');

        const owners = await Promise.all(
          cluster.nodes.map((n) => sessionOwner(n.url, id)));
        assert.equal(new Set(owners).size, 1, `owners: ${owners}`);
        assert.deepEqual(rowComputations(cluster, id), { [owners[0]]: 1 },
          'computed once, on the session\'s owner');
      });

    test('two users see different rows, also interleaved',
      { timeout: 30000 }, async () => {
        const alice = await newSession(cluster.nginxUrl);
        const bob = await newSession(cluster.nginxUrl);
        const aliceRows = rowsOf(await postRows(cluster.nginxUrl, alice));
        const bobRows = rowsOf(await postRows(cluster.nginxUrl, bob));
        assert.notEqual(aliceRows, bobRows);

        // 60 requests, alternating users, 12 at a time.
        const users = Array.from({ length: 60 },
          (_, i) => (i % 2 === 0 ? alice : bob));
        const answers = await pool(users, 12, async (id, i) =>
          ({ id, rows: rowsOf(await postRows(cluster.nginxUrl, id,
            { clicks: i + 2 })) }));
        for (const { id, rows } of answers)
          assert.equal(rows, id === alice ? aliceRows : bobRows);

        for (const id of [alice, bob]) {
          assert.equal(upstreamsOf(cluster, id).size, 3, id.slice(0, 6));
          const computed = Object.values(rowComputations(cluster, id));
          assert.deepEqual(computed, [1], `${id.slice(0, 6)} computed once`);
        }
        const keys = Number((await redis.command(['DBSIZE'])).slice(1));
        assert.ok(keys >= 3, `the sessions are in Redis (${keys} keys)`);
      });

    test('a node answers for a session it does not own without nginx',
      { timeout: 15000 }, async () => {
        const id = await newSession(cluster.nodes[0].url);
        const rows = await Promise.all(cluster.nodes.map(
          async (n) => rowsOf(await postRows(n.url, id))));
        assert.equal(new Set(rows).size, 1, `the same rows: ${rows}`);
      });
  });

describe('cluster: sessions on a disk all nodes share', { timeout: 90000 },
  () => {
    let dir;
    let cluster;

    before(async () => {
      dir = tempDir('cluster-disk');
      cluster = await startCluster('cluster_app', {
        nodes: 3,
        args: ['--session-backend', 'disk',
          '--session-dir', path.join(dir, 'sessions')],
      });
    });

    after(async () => {
      if (cluster) await cluster.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a kill -9 of their owner loses nothing: the new owner reads them '
      + 'back', { timeout: 60000 }, async () => {
      const [first] = cluster.nodes;
      const sessions = [];
      for (let i = 0; i < 6; ++i) {
        const id = await newSession(first.url);
        sessions.push({ id, owner: await sessionOwner(first.url, id),
          rows: rowsOf(await postRows(first.url, id)) });
      }
      // The owner of the first session dies; its sessions move.
      const victim = sessions[0].owner;
      const index = cluster.nodes.findIndex((n) => n.name === victim);
      await cluster.kill9(index);
      const survivors = liveNodes(cluster);
      await waitForMembers(cluster, { nodes: survivors });
      const before = Object.fromEntries(survivors.map((n) =>
        [n.name, n.server.count(/computed session value=user_rows/)]));
      for (const s of sessions)
        for (const n of survivors)
          assert.equal(rowsOf(await postRows(n.url, s.id, { clicks: 5 })),
            s.rows, `session ${s.id.slice(0, 6)} (owner ${s.owner}) at `
            + `${n.name}`);
      for (const n of survivors)
        assert.equal(n.server.count(/computed session value=user_rows/),
          before[n.name], `${n.name} computed no session again`);
      const moved = sessions.filter((s) => s.owner === victim).length;
      assert.ok(moved >= 1, `${moved} session(s) moved to a new owner`);
    });
  });
