// tests/cluster/tls.test.js
// Mutual TLS between nodes (issue 16): a 2-node cluster with certificates
// from one test CA serves cross-node requests, and a loopback capture of
// its cluster ports (tcpdump) holds TLS records and none of the JSON
// values sent; a node whose certificate another CA signed, or one without
// TLS, is refused (it logs it) and the cluster stays at 2 members.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  startCluster, waitForMembers, clusterInfo, metricSum, freePorts,
  clusterArgs, clusterTlsArgs, postSquare, squareAnswer, owner,
} = require('./harness.js');
const { startServer } = require('../support/server.js');
const { sleep } = require('../integration/helpers.js');

/// Starts tcpdump on lo for `ports`, writing to `file`; resolves once it
/// captures. Stop it with stopCapture.
function startCapture(file, ports) {
  const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
  const proc = spawn('tcpdump', ['-i', 'lo', '-n', '-U', '--immediate-mode',
    '-s', '0', '-w', file,
    filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (c) => { err += c; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump: ${err}`)), 10000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited ${code}: ${err}`));
    });
    const check = () => {
      if (/listening on lo/.test(err)) {
        clearTimeout(timer);
        proc.stderr.off('data', check);
        proc.removeAllListeners('exit');
        resolve(proc);
      }
    };
    proc.stderr.on('data', check);
  });
}

async function stopCapture(proc) {
  const done = new Promise((r) => proc.on('exit', r));
  proc.kill('SIGINT');
  await done;
}

/// Starts cluster_app as node `name` seeded with `cluster`, with `tlsArgs`.
async function startStranger(cluster, name, tlsArgs) {
  const [clusterPort] = await freePorts(1);
  return startServer('cluster_app', [
    ...clusterArgs({ name, clusterPort,
      seeds: `${cluster.seeds},127.0.0.1:${clusterPort}`,
      secretFile: path.join(cluster.dir, 'cluster.secret'),
      heartbeatMs: 250, downAfterMs: 2000 }),
    ...tlsArgs,
    '--session-secret-file', path.join(cluster.dir, `${name}.key`)]);
}

describe('cluster: mutual TLS', { timeout: 90000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster('cluster_app',
      { nodes: 2, tls: true, args: ['--delay-ms', '20'] });
  });

  after(async () => {
    if (cluster) await cluster.stop();
  });

  /// The members' logs, for a failure's message.
  const logs = () => cluster.nodes.map((n) => `--- ${n.name}\n`
    + n.server.logs().split('\n').slice(-15).join('\n')).join('\n');

  test('nodes link over mutual TLS; the wire holds no plain values',
    async () => {
      for (const n of cluster.nodes)
        assert.match(n.server.logs(), /cluster listening on .* transport=mutual-tls/);
      const [n1, n2] = cluster.nodes;
      // Keys n2 owns, asked at n1: the value crosses the cluster link.
      const keys = [];
      for (let x = 2000; keys.length < 6 && x < 2200; ++x)
        if ((await owner(n1.url, 'slow_square', [x])) === 'n2') keys.push(x);
      assert.equal(keys.length, 6);
      const file = path.join(cluster.dir, 'cluster.pcap');
      const capture = await startCapture(file,
        cluster.nodes.map((n) => n.clusterPort));
      const before = await metricSum(cluster,
        'dashcpp_cluster_remote_requests_total');
      try {
        for (const x of keys) {
          const res = await postSquare(n1.url, x);
          assert.equal(res.status, 200, res.text());
          assert.deepEqual(res.json(), squareAnswer(x));
        }
        await sleep(300);
      } finally {
        await stopCapture(capture);
      }
      assert.ok(await metricSum(cluster,
        'dashcpp_cluster_remote_requests_total') > before,
      'no request crossed the cluster link');
      const wire = fs.readFileSync(file);
      assert.ok(wire.length > 2000, `capture too small: ${wire.length} `
        + `(ports ${cluster.nodes.map((n) => n.clusterPort)})`);
      // TLS application-data records (type 23, version 3.3) went by ...
      assert.ok(wire.includes(Buffer.from([0x17, 0x03, 0x03])),
        'no TLS record in the capture');
      // ... and none of what they carried is readable.
      const text = wire.toString('latin1');
      for (const x of keys) {
        assert.ok(!text.includes(`${x} squared is`), `value of ${x} in clear`);
        assert.ok(!text.includes(`${x * x}`), `${x * x} in clear`);
      }
      for (const s of ['slow_square', 'dash::memo', 'squared is',
        'cluster_app'])
        assert.ok(!text.includes(s), `"${s}" in clear on the cluster link`);
      // Another view of the same point: n2 itself sees n1.
      const info = await clusterInfo(n2.url);
      assert.deepEqual(info.members.map((m) => m.name).sort(), ['n1', 'n2']);
    });

  test('a node with a certificate from another CA is refused and logs it',
    { timeout: 30000 }, async () => {
      const stranger = await startStranger(cluster, 'n3',
        clusterTlsArgs(cluster.dir, 'stranger'));
      try {
        await stranger.waitForLog(
          /cluster: no mutual-TLS link to 127\.0\.0\.1:\d+: /, 10000);
        await sleep(1500);
        await waitForMembers(cluster, { ms: 5000 }).catch((e) => {
          throw new Error(`${e.message}\n${logs()}`);
        });
        const own = await clusterInfo(stranger.url);
        assert.deepEqual(own.members.map((m) => m.name), ['n3']);
        for (const n of cluster.nodes) {
          assert.doesNotMatch(n.server.logs(), /cluster member joined: n3/);
          // A refused handshake must not break the members' own links
          // (CAF left OpenSSL's error queue dirty: openssl_error_queue.cpp).
          assert.doesNotMatch(n.server.logs(), /cluster member left/);
        }
      } finally {
        await stranger.stop();
      }
    });

  test('a node without TLS is refused', { timeout: 30000 }, async () => {
    const plain = await startStranger(cluster, 'n4', []);
    try {
      await sleep(2500);
      await waitForMembers(cluster, { ms: 5000 }).catch((e) => {
        throw new Error(`${e.message}\n${logs()}`);
      });
      const own = await clusterInfo(plain.url);
      assert.deepEqual(own.members.map((m) => m.name), ['n4']);
      for (const n of cluster.nodes) {
        assert.doesNotMatch(n.server.logs(), /cluster member joined: n4/);
        assert.doesNotMatch(n.server.logs(), /cluster member left/);
      }
    } finally {
      await plain.stop();
    }
  });
});
