// tests/integration/security.test.js
// Issue 16 over real sockets: CSRF token and Origin checks on callback
// POSTs, security headers and the page's CSP hashes, Secure cookies behind
// a trusted proxy, wrong-type arguments (400), Host, silent connections and
// the per-address connection cap.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const h = require('./helpers.js');

const { csrf } = h;

/// GET / with `headers`; resolves to the answer and the token it set.
async function page(url, headers = {}) {
  const res = await h.request(`${url}/`, { headers });
  return { res, token: csrf.tokenFromSetCookie(res.headers['set-cookie']) };
}

/// A callback POST with exactly `headers` (no automatic token).
function rawPost(url, headers, body = h.scoreBody(5)) {
  return h.postUpdate(url, body, { headers, csrf: false });
}

describe('csrf on by default', { timeout: 60000 }, () => {
  let srv;
  let token;
  let origin;

  before(async () => {
    srv = await h.start('student_scores');
    ({ token } = await page(srv.url));
    origin = srv.url; // http://127.0.0.1:PORT, as the Host header says
  });
  after(async () => { if (srv) await srv.stop(); });

  it('the page sets a readable _csrf_token cookie and names it in '
    + '_dash-config', async () => {
    const { res, token: t } = await page(srv.url);
    assert.match(t, /^[A-Za-z0-9_-]{43}$/);
    const cookie = [].concat(res.headers['set-cookie'])
      .find((c) => c.startsWith('_csrf_token='));
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /HttpOnly/, 'the renderer must read it');
    assert.doesNotMatch(cookie, /Secure/, 'plain http: no Secure');
    const cfg = JSON.parse(/<script id="_dash-config" type="application\/json">(.*?)<\/script>/s
      .exec(res.text())[1]);
    assert.equal(cfg.csrf_token_name, '_csrf_token');
    assert.equal(cfg.csrf_header_name, 'X-CSRFToken');
    // A page load that carries the cookie keeps it.
    const again = await page(srv.url, { Cookie: `_csrf_token=${t}` });
    assert.equal(again.token, null);
  });

  it('a callback POST without the token -> 403 csrf_cookie_missing',
    async () => {
      const res = await rawPost(srv.url, {});
      h.assertJsonError(res, 403, 'csrf_cookie_missing');
      assert.match(res.json().message, /_csrf_token/);
    });

  it('the cookie without the header -> 403 csrf_token_missing', async () => {
    const res = await rawPost(srv.url, { Cookie: `_csrf_token=${token}` });
    h.assertJsonError(res, 403, 'csrf_token_missing');
    assert.match(res.json().message, /X-CSRFToken/);
  });

  it('a wrong token -> 403 csrf_token_mismatch', async () => {
    const wrong = csrf.localToken();
    const res = await rawPost(srv.url,
      { Cookie: `_csrf_token=${token}`, 'X-CSRFToken': wrong });
    h.assertJsonError(res, 403, 'csrf_token_mismatch');
    const short = await rawPost(srv.url,
      { Cookie: '_csrf_token=abc', 'X-CSRFToken': 'abc' });
    h.assertJsonError(short, 403, 'csrf_token_mismatch');
  });

  it('a foreign Origin or Referer -> 403 origin_not_allowed, even with '
    + 'the token', async () => {
    const headers = csrf.withToken({}, token);
    for (const extra of [{ Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: origin.replace('127.0.0.1', 'localhost') },
      { Referer: 'https://evil.example/page' }]) {
      const res = await rawPost(srv.url, { ...headers, ...extra });
      h.assertJsonError(res, 403, 'origin_not_allowed');
      assert.match(res.json().message, /allowed-origins/);
    }
  });

  it('the renderer\'s own header from its own origin -> 200', async () => {
    const headers = csrf.withToken({ Origin: origin }, token);
    const res = await rawPost(srv.url, headers);
    assert.equal(res.status, 200, res.text());
    assert.deepEqual(res.json(),
      { multi: true, response: { output: { children: 4 } } });
    const viaReferer = await rawPost(srv.url,
      csrf.withToken({ Referer: `${origin}/some/page?x=1` }, token));
    assert.equal(viaReferer.status, 200, viaReferer.text());
  });

  it('refusals are logged as warnings naming the check', async () => {
    await h.waitForCount(srv, /answered 403 .*csrf_token_mismatch/, 1);
    assert.match(srv.logs(), /warn.*answered 403 .*origin_not_allowed/);
  });
});

describe('csrf settings', { timeout: 60000 }, () => {
  it('--csrf false: no cookie, no check', async () => {
    const srv = await h.start('student_scores', ['--csrf', 'false']);
    try {
      const { res, token } = await page(srv.url);
      assert.equal(token, null);
      assert.doesNotMatch(res.text(), /csrf_token_name/);
      const post = await rawPost(srv.url, {});
      assert.equal(post.status, 200, post.text());
    } finally {
      await srv.stop();
    }
  });

  it('--allowed-origins admits another origin; trust-proxy believes '
    + 'X-Forwarded-Proto/-Host and marks cookies Secure', async () => {
    const srv = await h.start('student_scores',
      ['--allowed-origins', 'https://app.example.com, https://b.example',
        '--trust-proxy', 'true']);
    try {
      const { token } = await page(srv.url);
      const ok = await rawPost(srv.url,
        csrf.withToken({ Origin: 'https://app.example.com' }, token));
      assert.equal(ok.status, 200, ok.text());
      const no = await rawPost(srv.url,
        csrf.withToken({ Origin: 'https://c.example' }, token));
      h.assertJsonError(no, 403, 'origin_not_allowed');
      const proxied = { 'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'dash.example.org' };
      const viaProxy = await rawPost(srv.url, csrf.withToken(
        { ...proxied, Origin: 'https://dash.example.org' }, token));
      assert.equal(viaProxy.status, 200, viaProxy.text());
      const { res } = await page(srv.url, proxied);
      const cookie = [].concat(res.headers['set-cookie'])
        .find((c) => c.startsWith('_csrf_token='));
      assert.match(cookie, /; Secure/);
    } finally {
      await srv.stop();
    }
  });

  it('without trust-proxy X-Forwarded-Proto is ignored', async () => {
    const srv = await h.start('student_scores');
    try {
      const { res } = await page(srv.url, { 'X-Forwarded-Proto': 'https' });
      const cookie = [].concat(res.headers['set-cookie'])
        .find((c) => c.startsWith('_csrf_token='));
      assert.doesNotMatch(cookie, /Secure/);
    } finally {
      await srv.stop();
    }
  });
});

describe('security headers', { timeout: 60000 }, () => {
  let srv;
  before(async () => { srv = await h.start('pattern_matching'); });
  after(async () => { if (srv) await srv.stop(); });

  it('every answer has nosniff and a Referrer-Policy', async () => {
    for (const p of ['/', '/_dash-layout', '/_dash-dependencies',
      '/_dash-nope', '/_health']) {
      const res = await h.request(`${srv.url}${p}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', p);
      assert.equal(res.headers['referrer-policy'], 'same-origin', p);
    }
  });

  it('the page: frame policy and a CSP that hashes each inline script',
    async () => {
      const res = await h.request(`${srv.url}/`);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      const csp = res.headers['content-security-policy'];
      assert.ok(csp, 'no Content-Security-Policy');
      const directives = Object.fromEntries(csp.split(/;\s*/)
        .map((d) => { const [k, ...v] = d.split(' '); return [k, v]; }));
      assert.deepEqual(directives['frame-ancestors'], ["'self'"]);
      assert.deepEqual(directives['object-src'], ["'none'"]);
      const scripts = directives['script-src'];
      assert.ok(!scripts.includes("'unsafe-inline'"), csp);
      assert.ok(!scripts.includes("'unsafe-eval'"), csp);
      // Every executable inline script of the page is allowed by its hash.
      const inline = [...res.text().matchAll(
        /<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>(.*?)<\/script>/gs)]
        .map((m) => m[1]);
      assert.ok(inline.length >= 2, 'pattern_matching has an inline '
        + 'clientside function and the renderer start');
      for (const text of inline) {
        const hash = crypto.createHash('sha256').update(text, 'utf8')
          .digest('base64');
        assert.ok(scripts.includes(`'sha256-${hash}'`),
          `no hash for inline script ${text.slice(0, 60)}`);
      }
    });

  it('--frame-ancestors and --content-security-policy are honoured',
    async () => {
      const other = await h.start('trivial', ['--frame-ancestors', "'none'",
        '--referrer-policy', 'no-referrer']);
      const off = await h.start('trivial',
        ['--content-security-policy', 'false']);
      try {
        const res = await h.request(`${other.url}/`);
        assert.equal(res.headers['x-frame-options'], 'DENY');
        assert.match(res.headers['content-security-policy'],
          /frame-ancestors 'none'/);
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        const res2 = await h.request(`${off.url}/`);
        assert.equal(res2.headers['content-security-policy'], undefined);
      } finally {
        await other.stop();
        await off.stop();
      }
    });
});

describe('stricter HTTP', { timeout: 60000 }, () => {
  let srv; // student_scores --read-timeout-ms 600 --max-connections-per-ip 3

  before(async () => {
    srv = await h.start('student_scores', ['--read-timeout-ms', '600',
      '--idle-timeout-ms', '60000', '--max-connections-per-ip', '3']);
  });
  after(async () => { if (srv) await srv.stop(); });

  it('an argument of the wrong JSON type -> 400 naming it, not a '
    + 'callback failure', async () => {
    const before = await h.scrape(srv.url);
    for (const value of ['abc', { a: 1 }, [1, 2], true, 2 ** 40, 2.5]) {
      const res = await h.postUpdate(srv.url, h.scoreBody(value));
      const body = h.assertJsonError(res, 400, 'bad_request');
      assert.match(body.message, /argument 1 \(score\.value\)/,
        `${JSON.stringify(value)}: ${body.message}`);
    }
    await h.assertHealthy(srv);
    const after = await h.scrape(srv.url);
    for (const name of ['dashcpp_callback_errors_total',
      'dashcpp_callback_restarts_total']) {
      assert.equal(h.sample(after, name, 'callback="output.children"'),
        h.sample(before, name, 'callback="output.children"'), name);
    }
    assert.match(srv.logs(), /client error: bad callback argument/);
    assert.doesNotMatch(srv.logs(), /callback failed|callback threw/);
  });

  it('an HTTP/1.1 request without Host -> 400; HTTP/1.0 needs none',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        conn.send('GET /_dash-layout HTTP/1.1\r\n\r\n');
        const [res] = await conn.responses(1);
        const body = h.assertJsonError(res, 400, 'bad_request');
        assert.match(body.message, /Host/);
        await conn.waitClosed(2000);
      } finally {
        conn.destroy();
      }
      const old = await h.connect(srv.port);
      try {
        old.send('GET /_dash-layout HTTP/1.0\r\n\r\n');
        const [res] = await old.responses(1);
        assert.equal(res.status, 200);
      } finally {
        old.destroy();
      }
    });

  it('a connection that sends nothing is closed after the read timeout',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        await conn.waitClosed(3000);
        const open = conn.closedAt - conn.openedAt;
        assert.ok(open >= 500 && open < 2000, `closed after ${open} ms`);
      } finally {
        conn.destroy();
      }
      // After a request the long keep-alive timeout applies.
      const kept = await h.connect(srv.port);
      try {
        kept.send(h.rawRequest('GET', '/_health'));
        await kept.responses(1);
        await h.sleep(1200);
        assert.equal(kept.closed, false, 'keep-alive closed too early');
      } finally {
        kept.destroy();
      }
    });

  it('more than max-connections-per-ip from one address -> 503',
    async () => {
      await h.sleep(200); // earlier tests' connections are gone
      const held = [];
      try {
        for (let i = 0; i < 3; ++i) {
          const c = await h.connect(srv.port);
          c.send('GET /_health HTTP/1.1\r\nHost: x\r\n\r\n');
          await c.responses(1);
          held.push(c);
        }
        const extra = await h.connect(srv.port);
        held.push(extra);
        await extra.waitClosed(2000);
        const [res] = h.parseResponses(extra.data);
        h.assertJsonError(res, 503, 'overloaded');
        assert.match(res.json().message, /max-connections-per-ip = 3/);
        held[0].destroy();
        await h.sleep(100);
        const again = await h.connect(srv.port);
        held.push(again);
        again.send('GET /_health HTTP/1.1\r\nHost: x\r\n\r\n');
        const [ok] = await again.responses(1);
        assert.equal(ok.status, 200);
        assert.match(srv.logs(), /max-connections-per-ip/);
      } finally {
        for (const c of held) c.destroy();
      }
    });
});

describe('session secret rotation', { timeout: 60000 }, () => {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  let dir;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-rotation-'));
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  /// GET /_dash-layout with session `id` (or none); resolves to the id the
  /// answer sets (null: the id it was sent was accepted).
  async function layoutWith(url, id) {
    const res = await h.request(`${url}/_dash-layout`,
      { headers: id ? { Cookie: `dash_session=${id}` } : {} });
    assert.equal(res.status, 200);
    const set = [].concat(res.headers['set-cookie'] || [])
      .map((c) => /^dash_session=([^;]+)/.exec(c)).find(Boolean);
    return set ? set[1] : null;
  }

  async function withApp(args, fn) {
    const srv = await h.start('example4_sessions', args);
    try {
      return await fn(srv);
    } finally {
      await srv.stop();
    }
  }

  it('the previous secret verifies during the grace period only',
    async () => {
      const oldKey = path.join(dir, 'old.key');
      const newKey = path.join(dir, 'new.key');
      const id = await withApp(['--session-secret-file', oldKey],
        async (srv) => {
          // The page of a session app sets both cookies, one field each.
          const res = await h.request(`${srv.url}/`);
          const names = [].concat(res.headers['set-cookie'] || [])
            .map((c) => c.split('=')[0]).sort();
          assert.deepEqual(names, ['_csrf_token', 'dash_session']);
          return layoutWith(srv.url, null);
        });
      assert.ok(id);
      fs.writeFileSync(newKey, crypto.randomBytes(32), { mode: 0o600 });
      // Rotated: the old id still verifies, new ids use the new secret.
      const fresh = await withApp(['--session-secret-file', newKey,
        '--session-secret-previous-file', oldKey], async (srv) => {
        assert.equal(await layoutWith(srv.url, id), null,
          'an id the previous secret signed was refused');
        return layoutWith(srv.url, null);
      });
      // Without the previous secret (or past its grace) the old id is
      // refused and replaced; the new one verifies.
      await withApp(['--session-secret-file', newKey], async (srv) => {
        assert.ok(await layoutWith(srv.url, id));
        assert.equal(await layoutWith(srv.url, fresh), null);
      });
      await withApp(['--session-secret-file', newKey,
        '--session-secret-previous-file', oldKey,
        '--session-secret-grace-s', '0'], async (srv) => {
        assert.ok(await layoutWith(srv.url, id));
      });
      // A missing previous file is a configuration error, named.
      const bad = await h.start('example4_sessions',
        ['--session-secret-file', newKey, '--session-secret-previous-file',
          path.join(dir, 'nope.key')]).catch((e) => e);
      assert.ok(bad instanceof Error);
      assert.match(String(bad.message), /session-secret-previous-file/);
    });
});
