// tests/integration/helpers.js
// Shared pieces of the HTTP integration tests: exact HTTP requests through
// node:http, raw-socket exchanges, update-component bodies and checks.
'use strict';
const assert = require('node:assert/strict');
const http = require('node:http');
const net = require('node:net');

const { startServer } = require('../support/server.js');
const csrf = require('../support/csrf.js');

/// Starts `app` and returns the server handle; `args` are extra CLI flags.
/// (The log level must stay at info or below: the helper reads the port
/// from the "listening on" info line.)
async function start(app, args = []) {
  return startServer(app, args);
}

/// One HTTP request through node:http (no automatic decompression, no
/// implicit Accept-Encoding). Resolves to { status, headers, body: Buffer,
/// socket } where `headers` has lower-case names.
function request(url, { method = 'GET', headers = {}, body, agent = false,
  timeoutMs = 10000 } = {}) {
  // Split the URL by hand: new URL() would normalize '..' and '%2e%2e'.
  const m = /^http:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
  if (!m) throw new Error(`not an http://host:port URL: ${url}`);
  const target = { host: m[1], port: Number(m[2]), path: m[3] || '/' };
  return new Promise((resolve, reject) => {
    const req = http.request({ ...target, method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks),
        reusedSocket: req.reusedSocket,
        text() { return this.body.toString('utf8'); },
        json() { return JSON.parse(this.body.toString('utf8')); },
      }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/// POSTs `payload` (an object, serialized here, or a string/Buffer sent as
/// is) to /_dash-update-component, with the CSRF cookie and header as the
/// renderer sends them (the token from GET /), unless `opts.csrf` is false.
async function postUpdate(url, payload, opts = {}) {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload)
    ? payload : JSON.stringify(payload);
  let headers = { 'Content-Type': 'application/json', ...(opts.headers || {}) };
  if (opts.csrf !== false)
    headers = csrf.withToken(headers, await csrf.fetchToken(url));
  return request(`${url}/_dash-update-component`, {
    method: 'POST',
    headers,
    body,
    agent: opts.agent,
    timeoutMs: opts.timeoutMs,
  });
}

/// The body the renderer sends for a single-output callback.
function singleBody(outId, outProp, inId, inProp, value, changed = true) {
  const input = { id: inId, property: inProp };
  if (value !== undefined) input.value = value;
  return {
    output: `${outId}.${outProp}`,
    outputs: { id: outId, property: outProp },
    inputs: [input],
    changedPropIds: changed ? [`${inId}.${inProp}`] : [],
  };
}

/// student_scores (and demo): score.value -> output.children.
const scoreBody = (value) =>
  singleBody('output', 'children', 'score', 'value', value);
/// trivial: in.value -> out.children.
const echoBody = (value) => singleBody('out', 'children', 'in', 'value', value);
/// example1_store (and demo): dropdown.value -> intermediate-value.data.
const storeBody = (city) =>
  singleBody('intermediate-value', 'data', 'dropdown', 'value', city);

const MULTI_OUTPUT = '..sales-graph.figure...sales-table.children..';
/// multi_output (and demo): fruit.value -> sales-graph.figure and
/// sales-table.children.
function multiBody(fruit) {
  return {
    output: MULTI_OUTPUT,
    outputs: [
      { id: 'sales-graph', property: 'figure' },
      { id: 'sales-table', property: 'children' },
    ],
    inputs: [{ id: 'fruit', property: 'value', value: fruit }],
    changedPropIds: ['fruit.value'],
  };
}

/// How many of the students in apps/student_scores gave each score.
const SCORE_COUNTS = { 1: 3, 2: 2, 3: 1, 4: 0, 5: 4 };

/// Checks that `res` is a JSON error answer with `status`: the error code,
/// a non-empty message and the request id of the X-Request-Id header.
function assertJsonError(res, status, code) {
  const where = `${res.status} ${res.text()}`;
  assert.equal(res.status, status, where);
  assert.match(res.headers['content-type'] || '', /^application\/json/, where);
  const body = res.json();
  assert.equal(typeof body.error, 'string', where);
  assert.ok(body.error.length > 0, where);
  if (code !== undefined) assert.equal(body.error, code, where);
  assert.equal(typeof body.message, 'string', where);
  assert.ok(body.message.trim().length > 0, where);
  assert.equal(typeof body.request_id, 'string', where);
  if (res.headers['x-request-id'] !== undefined)
    assert.equal(body.request_id, res.headers['x-request-id'], where);
  return body;
}

/// Checks that the server is still running and answers a good callback
/// request (student scores; the demo app and student_scores have it) or,
/// for the trivial app, an echo.
async function assertHealthy(server, app = 'student_scores') {
  assert.equal(server.exited(), null,
    `server exited: ${JSON.stringify(server.exited())}\n${server.logs()}`);
  if (app === 'trivial') {
    const res = await postUpdate(server.url, echoBody('still-alive'));
    assert.equal(res.status, 200, res.text());
    assert.deepEqual(res.json(),
      { multi: true, response: { out: { children: 'still-alive' } } });
    return;
  }
  const res = await postUpdate(server.url, scoreBody(5));
  assert.equal(res.status, 200, res.text());
  assert.deepEqual(res.json(),
    { multi: true, response: { output: { children: 4 } } });
}

/// Opens a raw TCP connection to 127.0.0.1:`port`. The returned object
/// collects every byte received and records when the peer closed.
function connect(port) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let chunks = [];
    let joined = Buffer.alloc(0);
    const conn = {
      sock,
      received: 0,
      closed: false,
      closedAt: null,
      openedAt: Date.now(),
      error: null,
      /// Every byte received so far.
      get data() {
        if (chunks.length > 0) {
          joined = Buffer.concat([joined, ...chunks]);
          chunks = [];
        }
        return joined;
      },
      send(bytes) { sock.write(bytes); },
      text() { return conn.data.toString('latin1'); },
      /// Resolves when `pred(conn)` holds or the connection closes; rejects
      /// after `ms`.
      waitFor(pred, ms = 5000) {
        return new Promise((res, rej) => {
          const check = () => {
            if (pred(conn) || conn.closed) {
              clearTimeout(timer);
              sock.off('data', check);
              sock.off('close', check);
              res(conn);
            }
          };
          const timer = setTimeout(() => {
            sock.off('data', check);
            sock.off('close', check);
            rej(new Error(`raw connection: condition not met in ${ms} ms; `
              + `received ${conn.received} bytes, starting `
              + JSON.stringify(conn.data.subarray(0, 300).toString('latin1'))));
          }, ms);
          sock.on('data', check);
          sock.on('close', check);
          check();
        });
      },
      /// Resolves when `n` whole responses have arrived (or the peer closed).
      responses(n, ms = 5000, { head = false } = {}) {
        return conn.waitFor((c) => parseResponses(c.data, { head })
          .length >= n, ms).then(() => parseResponses(conn.data, { head }));
      },
      /// Resolves when the peer has closed the connection.
      waitClosed(ms = 5000) { return conn.waitFor((c) => c.closed, ms); },
      destroy() { sock.destroy(); },
    };
    sock.on('data', (c) => { chunks.push(c); conn.received += c.length; });
    sock.on('error', (e) => { conn.error = e; });
    sock.on('close', () => { conn.closed = true; conn.closedAt = Date.now(); });
    sock.once('connect', () => resolve(conn));
    sock.once('error', reject);
  });
}

/// Splits `buf` into the whole HTTP/1.x responses it holds (bodies framed by
/// Content-Length; none for 204/304 and, with `head`, for every response).
function parseResponses(buf, { head = false } = {}) {
  const out = [];
  let pos = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    if (end < 0) break;
    const lines = buf.subarray(pos, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0]);
    if (!m) throw new Error(`not a status line: ${JSON.stringify(lines[0])}`);
    const headers = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const status = Number(m[2]);
    const noBody = head || status === 204 || status === 304;
    const length = noBody ? 0 : Number(headers['content-length'] || 0);
    if (buf.length < end + 4 + length) break;
    const body = buf.subarray(end + 4, end + 4 + length);
    out.push({
      version: m[1],
      status,
      headers,
      body,
      text() { return body.toString('utf8'); },
      json() { return JSON.parse(body.toString('utf8')); },
    });
    pos = end + 4 + length;
  }
  return out;
}

/// A raw HTTP/1.1 request as bytes. A POST to /_dash-update-component gets
/// a matching CSRF cookie and header unless `csrf` is false.
function rawRequest(method, target, { headers = {}, body = '', csrf: withCsrf = true } = {}) {
  let all = { Host: '127.0.0.1', ...headers };
  if (withCsrf && method === 'POST'
      && target.startsWith('/_dash-update-component'))
    all = csrf.withToken(all, RAW_TOKEN);
  if (body.length > 0 || method === 'POST')
    all['Content-Length'] = Buffer.byteLength(body);
  let head = `${method} ${target} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(all)) head += `${k}: ${v}\r\n`;
  return `${head}\r\n${body}`;
}

/// The token raw-socket requests carry (see tests/support/csrf.js).
const RAW_TOKEN = csrf.localToken();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Waits until the server's log holds at least `n` matches of `re` (log
/// lines reach us a little after the answers they describe).
async function waitForCount(server, re, n, ms = 3000) {
  const end = Date.now() + ms;
  while (server.count(re) < n && Date.now() < end) await sleep(20);
  return server.count(re);
}

/// The value of one sample in a Prometheus scrape (0 when absent).
function sample(text, name, labels = '') {
  const want = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(want));
  return line ? Number(line.slice(want.length)) : 0;
}

/// GET /_metrics: checks status and content type, returns the text.
async function scrape(url) {
  const res = await request(`${url}/_metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  return res.text();
}

module.exports = {
  csrf,
  sample,
  scrape,
  start,
  request,
  postUpdate,
  singleBody,
  scoreBody,
  echoBody,
  storeBody,
  multiBody,
  MULTI_OUTPUT,
  SCORE_COUNTS,
  assertJsonError,
  assertHealthy,
  connect,
  parseResponses,
  rawRequest,
  sleep,
  waitForCount,
};
