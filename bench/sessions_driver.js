#!/usr/bin/env node
// bench/sessions_driver.js
// Load driver for bench/sessions.sh against apps/example4_sessions.
//
//   node bench/sessions_driver.js id URL
//       prints one new session id (GET /_dash-layout without a cookie).
//   node bench/sessions_driver.js create URL N [IN_FLIGHT] [IDS_FILE]
//       makes N sessions, each as a first page load does: GET /_dash-layout
//       without a cookie (the server issues the id), then one POST of
//       output-1 with that id (starts the session and computes its data).
//       Prints `sessions= ms= errors=`; writes the ids to IDS_FILE if given.
//   node bench/sessions_driver.js latency URL IDS_FILE each|hit
//       one request at a time over one keep-alive connection: `each` POSTs
//       output-1 once per id in the file (after passivation: a reactivation
//       each), `hit` POSTs the first id as many times. Prints
//       `n= p50_ms= p90_ms= p99_ms= max_ms= errors=`.
//
// Every request has a timeout; the process exits non-zero on a setup error.
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const TIMEOUT_MS = 30000;

function body(id, clicks) {
  return JSON.stringify({
    output: 'output-1.children',
    outputs: { id: 'output-1', property: 'children' },
    inputs: [
      { id: 'get-data-button', property: 'n_clicks', value: clicks },
      { id: 'session-id', property: 'data', value: id },
    ],
    changedPropIds: ['get-data-button.n_clicks'],
  });
}

/// One request; resolves to { status, headers, text }.
function send(url, { method = 'GET', path, headers = {}, data, agent }) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path, method, agent,
      headers: data === undefined ? headers
        : { ...headers, 'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () =>
      req.destroy(new Error(`${method} ${path}: no answer in ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

async function newId(url, agent) {
  const res = await send(url, { path: '/_dash-layout', agent });
  const cookie = [].concat(res.headers['set-cookie'] || [])
    .map((c) => /^dash_session=([^;]+)/.exec(c)).find(Boolean);
  if (res.status !== 200 || !cookie)
    throw new Error(`GET /_dash-layout: ${res.status}, no session cookie`);
  return cookie[1];
}

/// The page's CSRF token (DASH_CSRF_TOKEN, from GET / in the calling
/// script), sent as the renderer sends it.
const CSRF_TOKEN = process.env.DASH_CSRF_TOKEN || '';

function postData(url, id, clicks, agent) {
  const headers = CSRF_TOKEN === '' ? { Cookie: `dash_session=${id}` }
    : { Cookie: `dash_session=${id}; _csrf_token=${CSRF_TOKEN}`,
      'X-CSRFToken': CSRF_TOKEN };
  return send(url, {
    method: 'POST', path: '/_dash-update-component', agent,
    headers, data: body(id, clicks),
  });
}

async function create(url, n, inFlight, idsFile) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const ids = new Array(n);
  let next = 0;
  let errors = 0;
  let firstError = '';
  const t0 = Date.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      try {
        const id = await newId(url, agent);
        const res = await postData(url, id, 1, agent);
        if (res.status !== 200 || !res.text.includes('"Td"'))
          throw new Error(`POST: ${res.status} ${res.text.slice(0, 200)}`);
        ids[i] = id;
      } catch (e) {
        errors += 1;
        if (!firstError) firstError = String(e.message || e);
      }
      if ((i + 1) % 10000 === 0)
        process.stderr.write(`  ${i + 1} sessions, ${Date.now() - t0} ms\n`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  agent.destroy();
  if (idsFile) fs.writeFileSync(idsFile, ids.filter(Boolean).join('\n'));
  if (firstError) process.stderr.write(`  first error: ${firstError}\n`);
  console.log(`sessions=${n - errors}`);
  console.log(`ms=${Date.now() - t0}`);
  console.log(`errors=${errors}`);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const k = Math.min(sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

async function latency(url, idsFile, mode) {
  const ids = fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
  if (ids.length === 0) throw new Error(`no ids in ${idsFile}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const took = [];
  let errors = 0;
  // One untimed request opens the connection.
  await postData(url, ids[0], 2, agent);
  for (let i = 0; i < ids.length; ++i) {
    const id = mode === 'hit' ? ids[0] : ids[i];
    const t0 = process.hrtime.bigint();
    const res = await postData(url, id, 3, agent);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200) errors += 1;
    took.push(ms);
  }
  agent.destroy();
  took.sort((a, b) => a - b);
  console.log(`n=${took.length}`);
  for (const p of [50, 90, 99])
    console.log(`p${p}_ms=${percentile(took, p).toFixed(3)}`);
  console.log(`max_ms=${took[took.length - 1].toFixed(3)}`);
  console.log(`errors=${errors}`);
}

async function main() {
  const [cmd, url, ...rest] = process.argv.slice(2);
  if (cmd === 'id' && url) return console.log(await newId(url));
  if (cmd === 'create' && url && rest[0])
    return create(url, Number(rest[0]), Number(rest[1] || 64), rest[2]);
  if (cmd === 'latency' && url && rest[0] && ['each', 'hit'].includes(rest[1]))
    return latency(url, rest[0], rest[1]);
  throw new Error('usage: sessions_driver.js id URL | create URL N '
    + '[IN_FLIGHT] [IDS_FILE] | latency URL IDS_FILE each|hit');
}

main().catch((e) => {
  process.stderr.write(`sessions_driver.js: ${e.message || e}\n`);
  process.exit(1);
});
