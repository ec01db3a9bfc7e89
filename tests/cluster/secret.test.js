// tests/cluster/secret.test.js
// The cluster secret keeps strangers out: a node started with another
// secret and seeded with a 2-node cluster is refused (both sides log it,
// the cluster stays at 2 members), while a node with the right secret joins;
// a secret file shorter than 16 bytes stops the start.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { BUILD_DIR } = require('../support/server.js');
const {
  startCluster, waitForMembers, clusterInfo, metricSum, freePorts, tempDir,
} = require('./harness.js');
const { sleep } = require('../integration/helpers.js');

const SECRET_A = 'secret-A-0123456789abcdef';
const SECRET_B = 'secret-B-fedcba9876543210';

/// Runs cluster_app with `args` until it exits (at most `ms`); resolves to
/// { code, signal, output }.
function runToExit(args, ms = 10000) {
  return new Promise((resolve, reject) => {
    const proc = spawn(path.join(BUILD_DIR, 'bin', 'cluster_app'), args,
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c) => { output += c; });
    proc.stderr.on('data', (c) => { output += c; });
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`still running after ${ms} ms:\n${output}`));
    }, ms);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe('cluster: the secret', { timeout: 60000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster('cluster_app',
      { nodes: 2, secret: SECRET_A, args: ['--delay-ms', '50'] });
  });

  after(async () => {
    if (cluster) await cluster.stop();
  });

  test('a node with another secret is refused; both sides log it',
    { timeout: 20000 }, async () => {
      const stranger =
        await cluster.startNode({ name: 'n3', secret: SECRET_B });
      await stranger.server.waitForLog(
        /cluster join refused by 127\.0\.0\.1:\d+: /, 10000);
      const refusedBy = await Promise.all(cluster.nodes.map((n) =>
        n.server.waitForLog(/cluster refused a node .*: wrong secret/, 10000)
          .then(() => n.name, () => null)));
      assert.ok(refusedBy.some((name) => name !== null),
        `a member logged the refusal:\n${cluster.nodes[0].server.logs()}\n`
        + cluster.nodes[1].server.logs());

      // Several heartbeats later, nothing has changed.
      await sleep(1500);
      await waitForMembers(cluster, { ms: 1000 });
      const own = await clusterInfo(stranger.url);
      assert.deepEqual(own.members.map((m) => m.name), ['n3'],
        'the stranger knows nobody');
      for (const n of cluster.nodes) {
        assert.doesNotMatch(n.server.logs(), /cluster member joined: n3/);
      }
      assert.ok(await metricSum(cluster, 'dashcpp_cluster_refused_total') >= 1);
      assert.equal(await metricSum(cluster, 'dashcpp_cluster_members'), 4);

      await stranger.server.stop();
    });

  test('a node with the right secret joins', { timeout: 20000 },
    async () => {
      const friend = await cluster.startNode({ name: 'n4' });
      await waitForMembers(cluster, { nodes: [...cluster.nodes, friend],
        names: ['n1', 'n2', 'n4'] });
    });

  test('a cluster secret file under 16 bytes stops the start',
    { timeout: 15000 }, async () => {
      const dir = tempDir('cluster-secret');
      try {
        const file = path.join(dir, 'short.secret');
        fs.writeFileSync(file, 'too-short', { mode: 0o600 });
        const [port] = await freePorts(1);
        const res = await runToExit(['--port', '0', '--host', '127.0.0.1',
          '--cluster', 'true', '--cluster-port', String(port),
          '--cluster-secret-file', file,
          '--session-secret-file', path.join(dir, 'session.key')]);
        assert.notEqual(res.code, 0, res.output);
        assert.match(res.output, /secret/, res.output);
        assert.doesNotMatch(res.output, /listening on http/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
});
