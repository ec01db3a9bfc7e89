// tests/integration/tls.test.js
// HTTPS (issue 16) with certificates the test makes with the openssl CLI:
// TLS 1.2/1.3 only, the page and a callback over https, Secure cookies and
// HSTS, the http->https redirect listener, and a SIGHUP certificate swap
// under wrk load with zero errors and no dropped connection.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const h = require('./helpers.js');
const { startServer } = require('../support/server.js');
const certs = require('../support/certs.js');

const { csrf } = h;
const BENCH = path.resolve(__dirname, '..', '..', 'bench');

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

/// One https request trusting only `ca`; resolves like helpers.request.
function get(url, { ca, method = 'GET', headers = {}, body, agent = false }) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, body, ca, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({
          status: res.statusCode,
          headers: res.headers,
          reusedSocket: req.reusedSocket,
          text: () => Buffer.concat(chunks).toString('utf8'),
          json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')),
        }));
      });
    req.setTimeout(10000, () => req.destroy(new Error(`${url}: timeout`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/// The CN of the certificate the server at `port` presents now.
function presentedCn(port) {
  const r = certs.sClient(port, ['-showcerts']);
  const m = /subject=.*CN\s*=\s*([\w-]+)/.exec(r.text);
  return m ? m[1] : `none: ${r.text.slice(0, 300)}`;
}

describe('https', { timeout: 90000 }, () => {
  let dir;
  let ca;
  let live; // the files the server reads: { cert, key }
  let certA;
  let certB;
  let caPem;
  let srv;
  let redirectPort;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-tls-'));
    ca = certs.makeCa(dir);
    certA = certs.makeServerCert(dir, ca, 'dash-a');
    certB = certs.makeServerCert(dir, ca, 'dash-b');
    caPem = fs.readFileSync(ca.cert);
    live = { cert: path.join(dir, 'live.pem'), key: path.join(dir, 'live.key') };
    fs.copyFileSync(certA.cert, live.cert);
    fs.copyFileSync(certA.key, live.key);
    redirectPort = await freePort();
    srv = await startServer('trivial', ['--tls-cert-file', live.cert,
      '--tls-key-file', live.key, '--https-redirect-port',
      String(redirectPort)]);
  });

  after(async () => {
    if (srv) await srv.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs an https URL and speaks TLS 1.2 and 1.3 only', () => {
    assert.match(srv.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const v12 = certs.sClient(srv.port, ['-tls1_2']);
    assert.ok(v12.ok, v12.text);
    assert.match(v12.text, /TLSv1\.2/);
    const v13 = certs.sClient(srv.port, ['-tls1_3']);
    assert.ok(v13.ok, v13.text);
    assert.match(v13.text, /TLSv1\.3/);
    for (const old of ['-tls1_1', '-tls1']) {
      const r = certs.sClient(srv.port, [old, '-cipher', 'DEFAULT:@SECLEVEL=0']);
      assert.equal(r.ok, false, `${old} was accepted:\n${r.text}`);
    }
  });

  it('the page and a callback work over https; Secure cookies, HSTS',
    async () => {
      const page = await get(`${srv.url}/`, { ca: caPem });
      assert.equal(page.status, 200);
      assert.equal(page.headers['strict-transport-security'],
        'max-age=31536000');
      const cookie = [].concat(page.headers['set-cookie'])
        .find((c) => c.startsWith('_csrf_token='));
      assert.match(cookie, /; Secure/);
      const token = csrf.tokenFromSetCookie(page.headers['set-cookie']);
      const res = await get(`${srv.url}/_dash-update-component`, {
        ca: caPem,
        method: 'POST',
        headers: csrf.withToken({ 'Content-Type': 'application/json',
          Origin: srv.url }, token),
        body: JSON.stringify(h.echoBody('over tls')),
      });
      assert.equal(res.status, 200, res.text());
      assert.deepEqual(res.json(),
        { multi: true, response: { out: { children: 'over tls' } } });
      // The http origin of the same host is another origin.
      const http = await get(`${srv.url}/_dash-update-component`, {
        ca: caPem,
        method: 'POST',
        headers: csrf.withToken({ 'Content-Type': 'application/json',
          Origin: srv.url.replace('https:', 'http:') }, token),
        body: JSON.stringify(h.echoBody('x')),
      });
      assert.equal(http.status, 403);
    });

  it('plain HTTP on the https port gets no answer; the server goes on',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        conn.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        await conn.waitClosed(5000);
        assert.doesNotMatch(conn.text(), /^HTTP\/1\.1 200/);
      } finally {
        conn.destroy();
      }
      const ok = await get(`${srv.url}/_health`, { ca: caPem });
      assert.equal(ok.status, 200);
    });

  it('https-redirect-port answers 308 to the https URL', async () => {
    const res = await h.request(
      `http://127.0.0.1:${redirectPort}/some/page?x=1`);
    assert.equal(res.status, 308);
    assert.equal(res.headers.location,
      `https://127.0.0.1:${srv.port}/some/page?x=1`);
    assert.equal(res.headers['strict-transport-security'], undefined);
    const post = await h.request(
      `http://127.0.0.1:${redirectPort}/_dash-update-component`,
      { method: 'POST', body: '{}' });
    assert.equal(post.status, 308, 'a POST is redirected, never served');
  });

  it('SIGHUP swaps the certificate under wrk load: 0 errors, open '
    + 'connections kept', async () => {
    assert.equal(presentedCn(srv.port), 'dash-a');
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(`${srv.url}/_health`, { ca: caPem, agent });
    assert.equal(first.status, 200);
    const page = await get(`${srv.url}/`, { ca: caPem });
    const token = csrf.tokenFromSetCookie(page.headers['set-cookie']);
    const wrk = spawn('wrk', ['-t1', '-c8', '-d4s', '-s',
      path.join(BENCH, 'update.lua'), srv.url],
    { env: { ...process.env, DASH_CSRF_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    wrk.stdout.on('data', (c) => { out += c; });
    wrk.stderr.on('data', (c) => { out += c; });
    const done = new Promise((resolve) => wrk.on('exit', resolve));
    try {
      await h.sleep(1500);
      fs.copyFileSync(certB.cert, live.cert);
      fs.copyFileSync(certB.key, live.key);
      srv.proc.kill('SIGHUP');
      await srv.waitForLog(/SIGHUP: reloaded the TLS certificate/, 5000);
      assert.equal(presentedCn(srv.port), 'dash-b');
      const code = await done;
      assert.equal(code, 0, out);
    } finally {
      wrk.kill('SIGTERM');
    }
    const fig = (k) => Number((new RegExp(`^${k}=(\\d+)`, 'm').exec(out)
      || [])[1]);
    assert.ok(fig('rps') > 0 || /^rps=/m.test(out), out);
    assert.equal(fig('errors'), 0, out);
    // The keep-alive connection opened before the swap still answers.
    const again = await get(`${srv.url}/_health`, { ca: caPem, agent });
    assert.equal(again.status, 200);
    assert.equal(again.reusedSocket, true, 'the connection was dropped');
    agent.destroy();
    // A broken file at the next SIGHUP keeps the certificate in use.
    fs.writeFileSync(live.cert, 'not a certificate\n');
    srv.proc.kill('SIGHUP');
    await srv.waitForLog(/SIGHUP: kept the old TLS certificate/, 5000);
    assert.equal(presentedCn(srv.port), 'dash-b');
    assert.equal(srv.exited(), null);
  });

  it('a certificate that cannot be loaded stops the start, named',
    async () => {
      const err = await startServer('trivial', ['--tls-cert-file',
        path.join(dir, 'missing.pem'), '--tls-key-file', certA.key])
        .catch((e) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, /missing\.pem.*tls-cert-file/);
      const half = await startServer('trivial', ['--tls-cert-file',
        certA.cert]).catch((e) => e);
      assert.match(half.message, /tls-cert-file and tls-key-file go together/);
    });
});
