// tests/cluster/harness.js
// Starts N nodes of a dashcpp app as one cluster on 127.0.0.1 (optionally
// behind nginx, optionally with a redis-server), kills and restarts nodes,
// and reads cluster state and metrics. Used by tests/cluster and tests/e2e.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer, BUILD_DIR } = require('../support/server.js');
const { startRedis: startRedisOn } = require('../support/redis.js');
const certs = require('../support/certs.js');
const { request, postUpdate, singleBody, sample, sleep } =
  require('../integration/helpers.js');

const NGINX = process.env.DASH_NGINX || '/usr/sbin/nginx';

// Every process started here, so that a test file that dies without its
// `after` hooks leaves none behind: each gets `signal` by PID on exit
// (nginx SIGTERM, so that its master stops its workers).
const children = new Map();
process.on('exit', () => {
  for (const [proc, signal] of children) {
    try { proc.kill(signal); } catch { /* already gone */ }
  }
});
function track(proc, signal = 'SIGKILL') {
  children.set(proc, signal);
  proc.on('exit', () => children.delete(proc));
  return proc;
}

// ---- ports, files, small HTTP helpers ---------------------------------------

/// `n` distinct ports on 127.0.0.1 that were free a moment ago (all held
/// open together, then closed).
async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; ++i) {
      servers.push(await new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => resolve(s));
      }));
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

function tempDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dashcpp-${tag}-`));
}

/// Writes `bytes` random base64url characters to a new file (mode 0600).
function writeSecret(file, bytes = 48) {
  const text = crypto.randomBytes(bytes).toString('base64url').slice(0, bytes);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/// GET `url`, parsed as JSON; throws on a status other than 200.
async function getJson(url, timeoutMs = 5000) {
  const res = await request(url, { timeoutMs });
  if (res.status !== 200)
    throw new Error(`GET ${url}: ${res.status} ${res.text()}`);
  return res.json();
}

/// Calls `fn` until it returns a truthy value or `ms` pass (errors count as
/// "not yet"); throws with `what` and the last result or error.
async function waitUntil(fn,
  { ms = 15000, every = 100, what = 'condition' } = {}) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const detail = last instanceof Error ? last.message
        : JSON.stringify(last);
      throw new Error(`${what}: not within ${ms} ms (last: ${detail})`);
    }
    await sleep(every);
  }
}

// ---- one node ---------------------------------------------------------------

/// Starts `app` on the fixed HTTP `port` (a restart must keep its port:
/// nginx and the other nodes know it). Same handle as startServer's.
function startOnPort(app, port, args, { env = {}, timeoutMs = 20000 } = {}) {
  const proc = track(spawn(path.join(BUILD_DIR, 'bin', app),
    ['--port', String(port), '--host', '127.0.0.1', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
  let output = '';
  let exited = null;
  const onData = (chunk) => { output += chunk.toString(); };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exit = new Promise((r) => proc.on('exit', (code, signal) => {
    exited = { code, signal };
    r(exited);
  }));
  const server = {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    logs: () => output,
    count: (re) => (output.match(new RegExp(re.source, 'g')) || []).length,
    exited: () => exited,
    async waitForLog(re, ms = 10000) {
      await waitUntil(() => exited || re.test(output), { ms, every: 25,
        what: `log line ${re}` });
      const m = output.match(re);
      if (!m) throw new Error(`exited before logging ${re}; log:\n${output}`);
      return m;
    },
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exit;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  return server.waitForLog(/listening on http:\/\//, timeoutMs)
    .then(() => server, async (e) => {
      await server.stop();
      throw new Error(`${app} did not start on port ${port}: ${e.message}`);
    });
}

/// Makes a CA and a node certificate it signs in `dir`/`tag`-*; returns
/// the flags for mutual TLS between nodes with them.
function clusterTlsArgs(dir, tag = 'cluster') {
  const sub = path.join(dir, `${tag}-tls`);
  fs.mkdirSync(sub, { recursive: true });
  const ca = certs.makeCa(sub);
  const node = certs.makeServerCert(sub, ca, `${tag}-node`);
  return ['--cluster-tls-cert-file', node.cert, '--cluster-tls-key-file',
    node.key, '--cluster-tls-ca-file', ca.cert];
}

/// The CLI flags that make node `name` a cluster member.
function clusterArgs({ name, clusterPort, seeds, secretFile, heartbeatMs,
  downAfterMs }) {
  return ['--cluster', 'true', '--cluster-host', '127.0.0.1',
    '--cluster-port', String(clusterPort), '--cluster-node-name', name,
    '--cluster-seeds', seeds, '--cluster-secret-file', secretFile,
    '--cluster-heartbeat-ms', String(heartbeatMs),
    '--cluster-down-after-ms', String(downAfterMs)];
}

// ---- nginx ------------------------------------------------------------------

/// nginx.conf for round robin over `upstreams` (HTTP ports), every path
/// inside `dir`. Dash callbacks are pure functions of their inputs, so a
/// POST whose node died is safely sent to the next one (non_idempotent).
function nginxConf(dir, port, upstreams) {
  const user = process.getuid() === 0 ? 'user root root;\n' : '';
  const servers = upstreams.map((p) =>
    `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n');
  return `# written by tests/cluster/harness.js
${user}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 1024; }
http {
  # Six characters of the session id: enough to tell users apart.
  map $cookie_dash_session $session_tag {
    "~^(?<head>.{6})" $head;
    default -;
  }
  log_format cluster '$msec $request_method $uri $status '
                     'upstream=$upstream_addr ustatus=$upstream_status '
                     'session=$session_tag rt=$request_time';
  access_log ${dir}/access.log cluster;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  upstream dash {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://dash;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout http_502 http_503 http_504
                          non_idempotent;
      proxy_next_upstream_tries 3;
      proxy_next_upstream_timeout 15s;
    }
  }
}
`;
}

/// Starts nginx (master + one worker, in the foreground) in `dir` on a free
/// port in front of `upstreams`. Resolves to { url, port, pid, accessLog(),
/// stop() } once it answers.
async function startNginx(dir, upstreams) {
  fs.mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const [port] = await freePorts(1);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConf(dir, port, upstreams));
  const proc = track(spawn(NGINX,
    ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] }), 'SIGTERM');
  let output = '';
  proc.stdout.on('data', (c) => { output += c; });
  proc.stderr.on('data', (c) => { output += c; });
  let exited = null;
  const exit = new Promise((r) => proc.on('exit', (code, signal) => {
    exited = { code, signal };
    r(exited);
  }));
  const errorLog = () => {
    const f = path.join(dir, 'error.log');
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
  };
  const nginx = {
    port,
    pid: proc.pid,
    url: `http://127.0.0.1:${port}`,
    /// The access log's lines so far.
    accessLog() {
      const f = path.join(dir, 'access.log');
      return fs.existsSync(f)
        ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : [];
    },
    errorLog,
    /// SIGQUIT (graceful), SIGTERM after 3 s, then SIGKILL to the master
    /// and its workers (a worker outlives a SIGKILLed master).
    async stop() {
      if (exited) return exited;
      const workers = childPids(proc.pid);
      proc.kill('SIGQUIT');
      const t1 = setTimeout(() => proc.kill('SIGTERM'), 3000);
      const t2 = setTimeout(() => {
        for (const pid of workers) {
          try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        }
        proc.kill('SIGKILL');
      }, 6000);
      await exit;
      clearTimeout(t1);
      clearTimeout(t2);
      return exited;
    },
  };
  try {
    await waitUntil(async () => {
      if (exited) throw new Error('nginx exited');
      return (await request(`${nginx.url}/_health`, { timeoutMs: 1000 }))
        .status === 200;
    }, { ms: 10000, what: 'nginx answering /_health' });
  } catch (e) {
    await nginx.stop();
    throw new Error(`nginx did not start: ${e.message}\n${output}\n`
      + errorLog());
  }
  return nginx;
}

/// The PIDs of `pid`'s child processes (nginx workers).
function childPids(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim().split(/\s+/).filter((s) => s !== '').map(Number);
  } catch {
    return [];
  }
}

// ---- redis-server -----------------------------------------------------------

/// Starts redis-server on a free port with its data in `dir`; see
/// tests/support/redis.js. Stopped with everything else on exit.
async function startRedis(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const [port] = await freePorts(1);
  const redis = await startRedisOn(dir, port);
  track(redis.proc);
  return redis;
}

// ---- the cluster ------------------------------------------------------------

/// GET /_cluster on `url` (with `query`, e.g. "memo=f&args=[1]").
function clusterInfo(url, query = '') {
  return getJson(`${url}/_cluster${query ? `?${query}` : ''}`);
}

/// The node that owns memoized `memo(...args)`, as `nodeUrl` sees it.
async function owner(nodeUrl, memo, args) {
  const info = await clusterInfo(nodeUrl, `memo=${encodeURIComponent(memo)}`
    + `&args=${encodeURIComponent(JSON.stringify(args))}`);
  return info.owner;
}

/// The node that owns session `id`, as `nodeUrl` sees it.
async function sessionOwner(nodeUrl, id) {
  return (await clusterInfo(nodeUrl, `session=${encodeURIComponent(id)}`))
    .owner;
}

/// The nodes that are running.
function liveNodes(cluster) {
  return cluster.nodes.filter((n) => n.server && !n.server.exited());
}

/// Sum of metric `name` with `labels` ({function: 'slow_square'}) over the
/// live nodes (or `nodes`).
async function metricSum(cluster, name, labels = {},
  nodes = liveNodes(cluster)) {
  const text = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  let sum = 0;
  for (const n of nodes) {
    const res = await request(`${n.url}/_metrics`);
    if (res.status !== 200)
      throw new Error(`${n.name} /_metrics: ${res.status}`);
    sum += sample(res.text(), name, text);
  }
  return sum;
}

/// How many times `memo(...args)` was computed, by the `computed memo=`
/// info lines of the live nodes (or `nodes`) since they started.
function computedCount(cluster, memo, args, nodes = liveNodes(cluster)) {
  const line = new RegExp(`computed memo=${memo} `
    + `args=${JSON.stringify(args).replace(/[[\]().*+?^$|\\{}]/g, '\\$&')} `);
  return nodes.reduce((sum, n) => sum + n.server.count(line), 0);
}

/// Waits until every live node (or `nodes`) reports exactly the members
/// `names` (default: the live nodes' names). Returns their /_cluster answers.
async function waitForMembers(cluster, { nodes = liveNodes(cluster),
  names = nodes.map((n) => n.name), ms = 20000 } = {}) {
  const want = [...names].sort();
  return waitUntil(async () => {
    const infos = await Promise.all(nodes.map((n) => clusterInfo(n.url)));
    const ok = infos.every((info) => info.clustered
      && JSON.stringify(info.members.map((m) => m.name))
        === JSON.stringify(want));
    return ok ? infos : null;
  }, { ms, what: `every node of ${nodes.map((n) => n.name)} reporting `
    + `members ${want}` });
}

/// Starts `app` as `nodes` cluster members n1..nN (HTTP and cluster ports
/// free on 127.0.0.1, one cluster secret and one session secret file for
/// all), optionally with nginx in front. `args` go to every node, `env` to
/// their environment; `secret` is the cluster secret's text (default:
/// random); `heartbeatMs`/`downAfterMs` set the failure detector;
/// `clustered: false` starts independent nodes instead (to check the
/// harness and nginx alone). Resolves once every node reports all members.
/// Returns { dir, nodes: [{name, url, port, clusterPort, server}], nginx,
/// nginxUrl, seeds, kill9(i), restart(i), startNode(opts), stop() }.
async function startCluster(app, { nodes: count = 3, args = [], nginx = false,
  secret, env = {}, heartbeatMs = 250, downAfterMs = 2000,
  clustered = true, tls = process.env.DASH_CLUSTER_TLS === '1' } = {}) {
  const dir = tempDir('cluster');
  // Mutual TLS between the nodes: one CA, one certificate for all of them.
  const tlsArgs = tls && clustered ? clusterTlsArgs(dir) : [];
  const sessionKey = writeSecret(path.join(dir, 'session.key'));
  const secretFile = path.join(dir, 'cluster.secret');
  if (secret === undefined) writeSecret(secretFile, 32);
  else fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  const cluster = { dir, nodes: [], nginx: null, nginxUrl: null, extras: [] };
  const clusterPorts = await freePorts(count);
  cluster.seeds = clusterPorts.map((p) => `127.0.0.1:${p}`).join(',');

  /// Every flag of node `node` but the HTTP port.
  const nodeArgs = (node) => [
    ...(clustered ? clusterArgs({ ...node, heartbeatMs, downAfterMs }) : []),
    ...tlsArgs, '--session-secret-file', sessionKey, ...args];

  try {
    const nodes = clusterPorts.map((clusterPort, i) => ({
      name: `n${i + 1}`, clusterPort, seeds: cluster.seeds, secretFile }));
    const started = await Promise.allSettled(nodes.map((n) =>
      startServer(app, nodeArgs(n), { env })));
    cluster.nodes = nodes;
    started.forEach(({ value: server }, i) => {
      if (!server) return;
      track(server.proc);
      Object.assign(nodes[i], { server, port: server.port, url: server.url });
    });
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (clustered) await waitForMembers(cluster);
    if (nginx) {
      cluster.nginx = await startNginx(path.join(dir, 'nginx'),
        nodes.map((n) => n.port));
      cluster.nginxUrl = cluster.nginx.url;
    }
  } catch (e) {
    await stopAll(cluster);
    throw e;
  }

  /// kill -9 node `i` and wait until it is gone.
  cluster.kill9 = async (i) => {
    const { server } = cluster.nodes[i];
    server.proc.kill('SIGKILL');
    await waitUntil(() => server.exited(), { ms: 5000, every: 10,
      what: `${cluster.nodes[i].name} gone after SIGKILL` });
  };

  /// Starts node `i` again with its name, ports and flags (it must have
  /// stopped); resolves once it listens (not yet once it has rejoined).
  cluster.restart = async (i) => {
    const node = cluster.nodes[i];
    if (!node.server.exited()) throw new Error(`${node.name} still runs`);
    node.server = await startOnPort(app, node.port, nodeArgs(node), { env });
    return node;
  };

  /// Starts one more node (not behind nginx) named `name` with its own
  /// cluster port, seeded with every node, and the cluster secret `secret`
  /// (default: the cluster's). Stopped by cluster.stop().
  cluster.startNode = async ({ name, secret: own, extraArgs = [] }) => {
    const [clusterPort] = await freePorts(1);
    let file = secretFile;
    if (own !== undefined) {
      file = path.join(dir, `${name}.secret`);
      fs.writeFileSync(file, own, { mode: 0o600 });
    }
    const node = { name, clusterPort, secretFile: file,
      seeds: `${cluster.seeds},127.0.0.1:${clusterPort}` };
    node.server = await startServer(app, [...nodeArgs(node), ...extraArgs],
      { env });
    track(node.server.proc);
    Object.assign(node, { port: node.server.port, url: node.server.url });
    cluster.extras.push(node);
    return node;
  };

  cluster.stop = () => stopAll(cluster);
  return cluster;
}

/// Stops nginx, then every node (SIGTERM, SIGKILL after 5 s), by PID, and
/// removes the cluster's temporary directory.
async function stopAll(cluster) {
  if (cluster.nginx) await cluster.nginx.stop();
  const all = [...cluster.nodes, ...cluster.extras].filter((n) => n.server);
  await Promise.all(all.map((n) => n.server.stop()));
  fs.rmSync(cluster.dir, { recursive: true, force: true });
}

// ---- tests/support/cluster_app's requests ---------------------------------

/// POSTs x.value = `x` (square.children <- slow_square(x)).
function postSquare(url, x, timeoutMs = 15000) {
  return postUpdate(url, singleBody('square', 'children', 'x', 'value', x),
    { timeoutMs });
}

/// The answer postSquare(x) must get.
const squareAnswer = (x) => ({ multi: true,
  response: { square: { children: `${x} squared is ${x * x}` } } });

/// A new session, as a page load makes it: GET /_dash-layout without a
/// cookie; returns the id of the cookie (the layout's store holds it too).
async function newSession(url) {
  const res = await request(`${url}/_dash-layout`);
  if (res.status !== 200) throw new Error(`layout: ${res.status}`);
  const cookie = [].concat(res.headers['set-cookie'] || [])
    .map((c) => /^dash_session=([^;]+)/.exec(c)).find((m) => m);
  if (!cookie) throw new Error('no session cookie');
  if (!res.text().includes(`"data":"${cookie[1]}"`))
    throw new Error('the layout\'s session-id store lacks the cookie\'s id');
  return cookie[1];
}

/// POSTs rows.children <- get-rows.n_clicks, session-id.data for session
/// `id` (with its cookie, as its browser sends it).
function postRows(url, id, { clicks = 1, timeoutMs = 15000 } = {}) {
  return postUpdate(url, {
    output: 'rows.children',
    outputs: { id: 'rows', property: 'children' },
    inputs: [
      { id: 'get-rows', property: 'n_clicks', value: clicks },
      { id: 'session-id', property: 'data', value: id },
    ],
    changedPropIds: ['get-rows.n_clicks'],
  }, { headers: { Cookie: `dash_session=${id}` }, timeoutMs });
}

/// The rows text ("rows [a,b,c]") of a 200 answer of postRows, or throws.
function rowsOf(res) {
  if (res.status !== 200) throw new Error(`rows: ${res.status} ${res.text()}`);
  const text = res.json().response.rows.children;
  if (!/^rows \[\d+,\d+,\d+\]$/.test(text)) throw new Error(`rows: ${text}`);
  return text;
}

/// Runs `fn(item, index)` over `items` with at most `limit` in flight.
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }));
  return results;
}

module.exports = {
  clusterArgs,
  clusterTlsArgs,
  startCluster,
  startRedis,
  startNginx,
  waitForMembers,
  waitUntil,
  clusterInfo,
  owner,
  sessionOwner,
  metricSum,
  computedCount,
  liveNodes,
  freePorts,
  tempDir,
  pool,
  postSquare,
  squareAnswer,
  newSession,
  postRows,
  rowsOf,
};
