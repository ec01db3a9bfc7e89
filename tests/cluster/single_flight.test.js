// tests/cluster/single_flight.test.js
// Single flight across a 3-node cluster (tests/support/cluster_app): 48
// concurrent cold requests for one x, spread over the three nodes, make one
// computation of slow_square in the whole cluster, on the node every node
// names as the key's owner; a second batch computes nothing; many keys are
// each computed once, on their owners, and spread over the nodes; SIGTERM
// stops every node cleanly while the others still run.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startCluster, waitForMembers, clusterInfo, owner, metricSum, computedCount,
  postSquare, squareAnswer,
} = require('./harness.js');
const { sleep } = require('../integration/helpers.js');

const DELAY_MS = 1000;
const COMPUTATIONS = 'dashcpp_cache_computations_total';
const SLOW_SQUARE = { function: 'slow_square' };

/// `n` concurrent requests for `x`, request i to node i mod 3.
function batch(cluster, x, n) {
  return Promise.all(Array.from({ length: n },
    (_, i) => postSquare(cluster.nodes[i % cluster.nodes.length].url, x)));
}

/// Checks that every answer is a 200 with x's square.
function checkAnswers(answers, x) {
  for (const res of answers) {
    assert.equal(res.status, 200, res.text());
    assert.deepEqual(res.json(), squareAnswer(x));
  }
}

/// The owner of slow_square(x) as each node sees it; all must agree.
async function agreedOwner(cluster, x) {
  const owners = await Promise.all(
    cluster.nodes.map((n) => owner(n.url, 'slow_square', [x])));
  assert.equal(new Set(owners).size, 1, `owners of ${x}: ${owners}`);
  assert.ok(cluster.nodes.some((n) => n.name === owners[0]), owners[0]);
  return owners[0];
}

/// The node that logged the computation of slow_square(x).
function computedOn(cluster, x) {
  return cluster.nodes.filter((n) => computedCount(cluster, 'slow_square', [x],
    [n]) > 0).map((n) => n.name);
}

describe('cluster: single flight over three nodes', { timeout: 90000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster('cluster_app', {
      nodes: 3, args: ['--delay-ms', String(DELAY_MS)] });
  });

  after(async () => {
    if (cluster) await cluster.stop();
  });

  test('every node lists the three members, sorted, with their HTTP '
    + 'addresses', { timeout: 10000 }, async () => {
    const infos = await Promise.all(
      cluster.nodes.map((n) => clusterInfo(n.url)));
    const members = cluster.nodes.map((n) => ({ name: n.name,
      http: `127.0.0.1:${n.port}` }));
    infos.forEach((info, i) => {
      assert.equal(info.self, cluster.nodes[i].name);
      assert.equal(info.clustered, true);
      assert.deepEqual(info.members, members);
    });
    for (const n of cluster.nodes) {
      assert.match(n.server.logs(),
        new RegExp(`cluster listening on 127\\.0\\.0\\.1:${n.clusterPort} `
          + `node=${n.name}`));
      assert.match(n.server.logs(), /cluster member joined: .* members=3/);
    }
    assert.equal(await metricSum(cluster, 'dashcpp_cluster_members'), 9);
  });

  test('48 concurrent cold requests for one x compute it once in the '
    + 'cluster', { timeout: 30000 }, async () => {
    const x = 4242;
    assert.equal(await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE), 0);
    const t0 = Date.now();
    const answers = await batch(cluster, x, 48);
    const took = Date.now() - t0;
    checkAnswers(answers, x);
    assert.ok(took >= DELAY_MS - 50, `the slow step ran (${took} ms)`);
    assert.ok(took < 4 * DELAY_MS, `answered by one computation (${took} ms)`);

    await sleep(200); // counters are written just after the answers
    assert.equal(await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE), 1,
      'one computation of slow_square in the whole cluster');
    const keyOwner = await agreedOwner(cluster, x);
    assert.deepEqual(computedOn(cluster, x), [keyOwner],
      'computed on the key\'s owner');
    assert.ok(await metricSum(cluster, 'dashcpp_cluster_remote_requests_total')
      > 0, 'the other nodes asked the owner');

    // Warm: nothing more is computed, the same answers.
    checkAnswers(await batch(cluster, x, 48), x);
    await sleep(200);
    assert.equal(await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE), 1);
    assert.equal(await agreedOwner(cluster, x), keyOwner);
  });

  test('30 keys at once: each computed once, on its owner, owners spread '
    + 'over the nodes', { timeout: 30000 }, async () => {
    const before = await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE);
    const xs = Array.from({ length: 30 }, (_, i) => 100 + i);
    const answers = await Promise.all(xs.flatMap((x) =>
      [0, 1, 2].map((i) => postSquare(cluster.nodes[i].url, x)
        .then((res) => ({ x, res })))));
    for (const { x, res } of answers) checkAnswers([res], x);
    await sleep(200);
    assert.equal(await metricSum(cluster, COMPUTATIONS, SLOW_SQUARE),
      before + xs.length);
    const owners = [];
    for (const x of xs) {
      const keyOwner = await agreedOwner(cluster, x);
      assert.deepEqual(computedOn(cluster, x), [keyOwner], `x=${x}`);
      owners.push(keyOwner);
    }
    assert.equal(new Set(owners).size, 3,
      `the 30 keys belong to every node: ${owners}`);
    await waitForMembers(cluster, { ms: 2000 }); // nobody dropped out
  });

  test('SIGTERM stops each node in turn with exit status 0',
    { timeout: 30000 }, async () => {
      for (const n of cluster.nodes) {
        const exited = await n.server.stop();
        assert.deepEqual(exited, { code: 0, signal: null },
          `${n.name}:\n${n.server.logs().split("\n").slice(-40).join("\n")}`);
      }
    });
});
