#!/usr/bin/env node
// bench/pattern_matching_burst.js
// Burst check for bench/pattern_matching.sh: fires N POSTs at once at the
// pattern_matching app's MATCH callback, one per component index 1..N, each
// on its own connection, and checks that every answer is 200 and carries
// exactly its own "Filter i: NYC" under its own id key, and nothing else.
//
// Usage: node bench/pattern_matching_burst.js PORT [N] [TIMEOUT_MS]
//        (defaults: N 200, TIMEOUT_MS 30000; host 127.0.0.1)
// Prints: burst_ok=<ok>/<N> burst_ms=<wall time from first send to last
//         answer>. Exit: 0 when all N are right; 1 otherwise (the first few
//         failures go to stderr).
'use strict';

const http = require('node:http');

const port = Number(process.argv[2]);
const count = Number(process.argv[3] || 200);
const timeoutMs = Number(process.argv[4] || 30000);
if (!Number.isInteger(port) || port <= 0 || !Number.isInteger(count) ||
    count <= 0) {
  console.error('usage: node pattern_matching_burst.js PORT [N] [TIMEOUT_MS]');
  process.exit(2);
}

const outputString = JSON.stringify({index: ['MATCH'], type: 'city-out'}) +
  '.children';

// The body the Dash renderer sends for component i. JSON.stringify keeps
// insertion order, so the keys are written sorted, as the renderer does.
function bodyFor(i) {
  return JSON.stringify({
    output: outputString,
    outputs: {id: {index: i, type: 'city-out'}, property: 'children'},
    inputs: [{id: {index: i, type: 'city'}, property: 'value', value: 'NYC'}],
    changedPropIds: [JSON.stringify({index: i, type: 'city'}) + '.value'],
  });
}

// The page's CSRF token (DASH_CSRF_TOKEN, from GET / in the calling
// script), sent as the renderer sends it.
const csrfToken = process.env.DASH_CSRF_TOKEN || '';
const csrfHeaders = csrfToken === '' ? {}
  : {'X-CSRFToken': csrfToken, 'Cookie': `_csrf_token=${csrfToken}`};

// One POST on a fresh connection (no agent pooling, so all N go out at
// once); resolves with {status, body} or {error}.
function post(i, agent) {
  return new Promise((resolve) => {
    const body = bodyFor(i);
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST',
      path: '/_dash-update-component', agent,
      headers: {'Content-Type': 'application/json',
                'Content-Length': Buffer.byteLength(body), ...csrfHeaders},
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', (e) => resolve({error: e.message}));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({error: e.message}));
    req.end(body);
  });
}

// Why answer r is wrong for component i, or null when it is right.
function problem(i, r) {
  if (r.error) return `request failed: ${r.error}`;
  if (r.status !== 200) return `status ${r.status}: ${r.body.slice(0, 200)}`;
  let json;
  try {
    json = JSON.parse(r.body);
  } catch (e) {
    return `not JSON: ${r.body.slice(0, 200)}`;
  }
  const key = JSON.stringify({index: i, type: 'city-out'});
  const response = json && json.response;
  if (json.multi !== true || !response || typeof response !== 'object')
    return `not a multi answer: ${r.body.slice(0, 200)}`;
  const keys = Object.keys(response);
  if (keys.length !== 1 || keys[0] !== key)
    return `keys ${JSON.stringify(keys)}, want [${JSON.stringify(key)}]`;
  const props = response[key];
  const want = `Filter ${i}: NYC`;
  if (!props || Object.keys(props).length !== 1 || props.children !== want)
    return `props ${JSON.stringify(props)}, want {"children":"${want}"}`;
  return null;
}

async function main() {
  const agent = new http.Agent({keepAlive: false, maxSockets: Infinity});
  const started = process.hrtime.bigint();
  const pending = [];
  for (let i = 1; i <= count; i++) pending.push(post(i, agent));
  const results = await Promise.all(pending);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let ok = 0;
  const failures = [];
  results.forEach((r, k) => {
    const why = problem(k + 1, r);
    if (why === null) ok++;
    else failures.push(`component ${k + 1}: ${why}`);
  });
  console.log(`burst_ok=${ok}/${count} burst_ms=${ms.toFixed(1)}`);
  for (const f of failures.slice(0, 10)) console.error(f);
  if (failures.length > 10)
    console.error(`... and ${failures.length - 10} more`);
  process.exit(ok === count ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
