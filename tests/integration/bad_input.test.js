// tests/integration/bad_input.test.js
// Hostile and broken clients: each bad request gets its status and a JSON
// error, and the server keeps answering good requests afterwards (bodies,
// limits, path traversal, stalled and idle connections, malformed HTTP,
// many concurrent clients).
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const h = require('./helpers.js');

/// Text that must never appear in an answer: the start of /etc/passwd and
/// of files outside the served folders.
const SECRETS = ['root:x:0:0', 'root:*:0:0', 'cmake_minimum_required',
  '"dependencies"', 'add_subdirectory'];

function assertNoLeak(res, what) {
  const text = res.body.toString('latin1');
  for (const s of SECRETS)
    assert.ok(!text.includes(s), `${what} leaked a file holding ${s}`);
}

describe('bad input', { timeout: 60000 }, () => {
  let srv; // student_scores --max-body-bytes 2048

  before(async () => {
    srv = await h.start('student_scores', ['--max-body-bytes', '2048']);
  });
  after(async () => { if (srv) await srv.stop(); });

  describe('update-component bodies', () => {
    const good = h.scoreBody(1);
    const without = (key) => {
      const b = structuredClone(good);
      delete b[key];
      return b;
    };
    const withInputs = (inputs) => ({ ...structuredClone(good), inputs });
    const cases = [
      ['malformed JSON', '{"output": "output.children", "inputs": [', 400],
      ['an empty body', '', 400],
      ['JSON with trailing garbage', `${JSON.stringify(good)} x`, 400],
      ['not UTF-8 / not JSON at all', Buffer.from([0xff, 0xfe, 0x00, 0x01]), 400],
      ['a JSON array', '[1, 2, 3]', 400],
      ['a JSON string', '"output.children"', 400],
      ['JSON null', 'null', 400],
      ['a JSON number', '42', 400],
      ['JSON nested far too deep', `${'['.repeat(1000)}${']'.repeat(1000)}`,
        400],
      ['no output', without('output'), 400],
      ['output not a string', { ...good, output: 17 }, 400],
      ['no outputs', without('outputs'), 400],
      ['an unknown output', { ...good, output: 'nothing.children' }, 404],
      ['an unknown multi output', { ...good, output: '..a.b...c.d..' }, 404],
      ['no inputs', without('inputs'), 400],
      ['inputs not a list', withInputs({ id: 'score', property: 'value' }),
        400],
      ['inputs a string', withInputs('score.value'), 400],
      ['an input that is not an object', withInputs([5]), 400],
      ['an input without id', withInputs([{ property: 'value', value: 1 }]),
        400],
      ['an input with a numeric id',
        withInputs([{ id: 7, property: 'value', value: 1 }]), 400],
      ['an input without property', withInputs([{ id: 'score', value: 1 }]),
        400],
      ['a property that is not a string',
        withInputs([{ id: 'score', property: 5, value: 1 }]), 400],
      ['an input with the wrong id',
        withInputs([{ id: 'scoree', property: 'value', value: 1 }]), 400],
      ['an input with the wrong property',
        withInputs([{ id: 'score', property: 'options', value: 1 }]), 400],
      ['too many inputs', withInputs([
        { id: 'score', property: 'value', value: 1 },
        { id: 'score', property: 'value', value: 2 }]), 400],
      ['zero inputs', withInputs([]), 400],
      ['state the callback does not take',
        { ...good, state: [{ id: 'output', property: 'children' }] }, 400],
      ['state not a list', { ...good, state: { id: 'x', property: 'y' } }, 400],
      ['outputs naming another component',
        { ...good, outputs: { id: 'score', property: 'children' } }, 400],
      ['outputs a list of two for one output', { ...good, outputs: [
        { id: 'output', property: 'children' },
        { id: 'output', property: 'children' }] }, 400],
      ['an output without property', { ...good, outputs: { id: 'output' } },
        400],
      ['changedPropIds not a list', { ...good, changedPropIds: 'score.value' },
        400],
      ['changedPropIds holding a number', { ...good, changedPropIds: [3] }, 400],
    ];
    for (const [name, body, status] of cases) {
      it(`${name} -> ${status}`, async () => {
        const res = await h.postUpdate(srv.url, body);
        h.assertJsonError(res, status);
        await h.assertHealthy(srv);
      });
    }

    it('a value of the wrong type is a clean JSON error, not a crash',
      async () => {
        for (const value of ['abc', { a: 1 }, [1, 2], 2.5, 1e30, true]) {
          const res = await h.postUpdate(srv.url, h.scoreBody(value));
          // The client's mistake: 400 naming the argument (issue 16).
          h.assertJsonError(res, 400, 'bad_request');
          await h.assertHealthy(srv);
        }
      });

    it('every error answer was logged as a warning', async () => {
      const n = await h.waitForCount(srv, /warn.*answered [45]\d\d/,
        cases.length);
      assert.ok(n >= cases.length, srv.logs());
    });
  });

  describe('size limits', () => {
    it('a body of exactly max-body-bytes is accepted', async () => {
      const json = JSON.stringify(h.scoreBody(3));
      const body = json + ' '.repeat(2048 - json.length);
      assert.equal(body.length, 2048);
      const res = await h.postUpdate(srv.url, body);
      assert.equal(res.status, 200, res.text());
      assert.equal(res.json().response.output.children, 1);
    });

    it('a 10 KB body -> 413', async () => {
      const json = JSON.stringify(h.scoreBody(3));
      const res = await h.postUpdate(srv.url, json + ' '.repeat(10240));
      const body = h.assertJsonError(res, 413);
      assert.match(body.message, /2048/);
      await h.assertHealthy(srv);
    });

    it('a body far past the limit (4 MB) still gets its 413, not a reset',
      async () => {
        // A dcc.Upload of a large file looks like this. The client is still
        // sending when the server answers; closing at once resets the
        // connection and the client never sees the 413.
        const big = 'x'.repeat(4 << 20);
        for (let i = 0; i < 3; ++i) {
          let res;
          try {
            res = await h.postUpdate(srv.url, big);
          } catch (e) {
            assert.fail(`attempt ${i}: no 413, the request failed with `
              + `${e.code || e.message}`);
          }
          h.assertJsonError(res, 413);
        }
        await h.assertHealthy(srv);
      });

    it('a body one byte over the limit -> 413', async () => {
      const json = JSON.stringify(h.scoreBody(3));
      const res = await h.postUpdate(srv.url,
        json + ' '.repeat(2049 - json.length));
      h.assertJsonError(res, 413);
      await h.assertHealthy(srv);
    });

    it('an over-limit chunked body -> 413', async () => {
      const conn = await h.connect(srv.port);
      try {
        const chunk = 'x'.repeat(1000);
        let req = 'POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n'
          + 'Transfer-Encoding: chunked\r\n\r\n';
        for (let i = 0; i < 3; ++i) req += `3e8\r\n${chunk}\r\n`;
        conn.send(`${req}0\r\n\r\n`);
        const [res] = await conn.responses(1);
        h.assertJsonError(res, 413);
      } finally {
        conn.destroy();
      }
      await h.assertHealthy(srv);
    });

    it('an oversized header -> 431', async () => {
      const res = await h.request(`${srv.url}/_dash-layout`,
        { headers: { 'X-Big': 'a'.repeat(20000) } });
      h.assertJsonError(res, 431);
      await h.assertHealthy(srv);
    });

    it('many headers adding up past the limit -> 431', async () => {
      const headers = {};
      for (let i = 0; i < 400; ++i) headers[`X-H${i}`] = 'b'.repeat(60);
      const res = await h.request(`${srv.url}/`, { headers });
      h.assertJsonError(res, 431);
      await h.assertHealthy(srv);
    });
  });

  describe('path traversal', () => {
    const targets = [];
    for (const prefix of ['/assets/', '/_dash-component-suites/',
      '/_dash-component-suites/dash/dcc/']) {
      targets.push(
        `${prefix}../CMakeLists.txt`,
        `${prefix}../../CMakeLists.txt`,
        `${prefix}../../../CMakeLists.txt`,
        `${prefix}../../../../../../../../etc/passwd`,
        `${prefix}%2e%2e%2f%2e%2e%2f%2e%2e%2fCMakeLists.txt`,
        `${prefix}%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
        `${prefix}%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd`,
        `${prefix}..%2f..%2f..%2fCMakeLists.txt`,
        `${prefix}..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`,
        `${prefix}.%2e/.%2e/.%2e/CMakeLists.txt`,
        `${prefix}%252e%252e%252fCMakeLists.txt`,
        `${prefix}/etc/passwd`,
        `${prefix}%2fetc%2fpasswd`,
        `${prefix}..\\..\\..\\CMakeLists.txt`,
        `${prefix}..%5c..%5c..%5cCMakeLists.txt`,
        `${prefix}%5cetc%5cpasswd`,
        `${prefix}style.css%00.js`,
        `${prefix}async-graph.js%00`,
        `${prefix}%00../../CMakeLists.txt`,
        `${prefix}./../CMakeLists.txt`,
        `${prefix}.`,
        `${prefix}..`,
        `${prefix}%2e%2e`,
        `${prefix}../package.json`,
        `${prefix}../../package.json`,
        `${prefix}../../../package.json`,
        `${prefix}%`,
        `${prefix}%zz`,
      );
    }
    for (const t of targets) {
      it(`GET ${t} -> 404, no file outside`, async () => {
        const conn = await h.connect(srv.port);
        let res;
        try {
          conn.send(`GET ${t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
          [res] = await conn.responses(1);
        } finally {
          conn.destroy();
        }
        assert.ok(res, `no answer to ${t}`);
        assertNoLeak(res, t);
        h.assertJsonError(res, 404);
      });
    }

    it('the server still serves after the traversal attempts', async () => {
      await h.assertHealthy(srv);
      const css = await h.request(`${srv.url}/assets/style.css`);
      assert.equal(css.status, 200);
    });

    describe('with an assets folder holding links and hidden files', () => {
      let dir;
      let outside;
      let app;
      before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-assets-'));
        outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-outside-'));
        fs.writeFileSync(path.join(outside, 'secret.css'),
          'cmake_minimum_required /* outside */');
        fs.writeFileSync(path.join(dir, 'ok.css'), 'body { color: red; }');
        fs.mkdirSync(path.join(dir, 'sub'));
        fs.writeFileSync(path.join(dir, 'sub', 'inner.css'), 'p { margin: 0 }');
        fs.writeFileSync(path.join(dir, '.hidden.css'), 'cmake_minimum_required');
        fs.symlinkSync(path.join(outside, 'secret.css'),
          path.join(dir, 'link.css'));
        fs.symlinkSync(outside, path.join(dir, 'linkdir'));
        app = await h.start('student_scores', ['--assets-dir', dir]);
      });
      after(async () => {
        if (app) await app.stop();
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(outside, { recursive: true, force: true });
      });

      it('serves files and subfolders inside it', async () => {
        const ok = await h.request(`${app.url}/assets/ok.css`);
        assert.equal(ok.status, 200);
        assert.equal(ok.text(), 'body { color: red; }');
        const inner = await h.request(`${app.url}/assets/sub/inner.css`);
        assert.equal(inner.status, 200);
        assert.equal(inner.text(), 'p { margin: 0 }');
      });

      for (const p of ['link.css', 'linkdir/secret.css', '.hidden.css',
        'sub/../link.css', 'sub/%2e%2e/.hidden.css', 'sub']) {
        it(`/assets/${p} -> 404`, async () => {
          const res = await h.request(`${app.url}/assets/${p}`);
          assertNoLeak(res, p);
          h.assertJsonError(res, 404);
        });
      }

      it('the server is still healthy', async () => {
        await h.assertHealthy(app);
      });
    });
  });

  describe('unknown routes and files', () => {
    const cases = [
      '/_dash-component-suites/dash/dcc/no-such-file.js',
      '/_dash-component-suites/dash/dcc/async-nothing.v4_5_0m123.js',
      '/_dash-component-suites/nope/nope.js',
      '/_dash-component-suites/',
      '/_dash-component-suites/dash',
      '/_dash-component-suites/dash/dcc/',
      '/assets/no-such.css',
      '/assets/',
      '/_dash-foo',
      '/_dash-layout/extra',
      '/_dash-dependencies.json',
      '/_dash-update-componentx',
      '/_reload-hash',
    ];
    for (const p of cases) {
      it(`GET ${p} -> 404`, async () => {
        const res = await h.request(`${srv.url}${p}`);
        h.assertJsonError(res, 404);
      });
    }
    it('the server is still healthy', async () => {
      await h.assertHealthy(srv);
    });
  });

  describe('malformed HTTP', () => {
    const cases = [
      ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
      ['a method alone', 'GET\r\n\r\n'],
      ['a bad version', 'GET / HTTX/1.1\r\n\r\n'],
      ['extra words on the request line', 'GET / HTTP/1.1 extra\r\n\r\n'],
      ['a bad method token', 'G@T / HTTP/1.1\r\n\r\n'],
      ['two spaces before the target', 'GET  / HTTP/1.1\r\n\r\n'],
      ['a control character in the target', 'GET /\x01 HTTP/1.1\r\n\r\n'],
      ['a header line without a colon',
        'GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'],
      ['a non-numeric Content-Length',
        'POST /_dash-update-component HTTP/1.1\r\nContent-Length: abc\r\n\r\n'],
      ['two different Content-Lengths',
        'POST /_dash-update-component HTTP/1.1\r\nContent-Length: 1\r\n'
        + 'Content-Length: 2\r\n\r\nab'],
      ['a broken chunked body',
        'POST /_dash-update-component HTTP/1.1\r\nTransfer-Encoding: chunked'
        + '\r\n\r\nzz\r\n'],
      ['binary noise', '\x00\x01\x02\x03\xff\xfe\r\n\r\n'],
    ];
    for (const [name, bytes] of cases) {
      it(`${name} -> 400 and the connection is closed`, async () => {
        const conn = await h.connect(srv.port);
        try {
          conn.send(Buffer.from(bytes, 'latin1'));
          await conn.waitClosed(3000);
          const rs = h.parseResponses(conn.data);
          assert.equal(rs.length, 1, conn.text());
          h.assertJsonError(rs[0], 400);
        } finally {
          conn.destroy();
        }
        await h.assertHealthy(srv);
      });
    }

    it('an absolute-form target is answered by this server, never proxied',
      async () => {
        const conn = await h.connect(srv.port);
        try {
          conn.send('GET http://other.example/ HTTP/1.1\r\nHost: x\r\n'
            + 'Connection: close\r\n\r\n');
          const [res] = await conn.responses(1);
          assert.ok(res, conn.text());
          if (res.status === 200) assert.match(res.text(), /_dash-config/);
          else h.assertJsonError(res, 400);
        } finally {
          conn.destroy();
        }
      });

    it('a client that connects and leaves at once does no harm', async () => {
      for (let i = 0; i < 20; ++i) {
        const conn = await h.connect(srv.port);
        if (i % 2) conn.send('GET /_dash-lay');
        conn.destroy();
      }
      await h.assertHealthy(srv);
    });
  });

  describe('concurrency', () => {
    let echo; // trivial
    before(async () => { echo = await h.start('trivial'); });
    after(async () => { if (echo) await echo.stop(); });

    it('200 parallel update requests all get their own answer', async () => {
      const n = 200;
      const values = Array.from({ length: n },
        (_, i) => `value-${i}-${'x'.repeat(i % 17)}`);
      const results = await Promise.all(values.map((v) =>
        h.postUpdate(echo.url, h.echoBody(v), { timeoutMs: 20000 })));
      const ids = new Set();
      results.forEach((res, i) => {
        assert.equal(res.status, 200, `${i}: ${res.text()}`);
        assert.deepEqual(res.json(),
          { multi: true, response: { out: { children: values[i] } } });
        ids.add(res.headers['x-request-id']);
      });
      assert.equal(ids.size, n, 'X-Request-Id values repeat');
      await h.assertHealthy(echo, 'trivial');
    });

    it('200 parallel mixed good and bad requests', async () => {
      const jobs = [];
      for (let i = 0; i < 200; ++i) {
        const kind = i % 4;
        if (kind === 0)
          jobs.push(h.postUpdate(srv.url, h.scoreBody((i % 5) + 1))
            .then((r) => {
              assert.equal(r.status, 200, r.text());
              assert.equal(r.json().response.output.children,
                h.SCORE_COUNTS[(i % 5) + 1]);
            }));
        else if (kind === 1)
          jobs.push(h.postUpdate(srv.url, '{"broken')
            .then((r) => h.assertJsonError(r, 400)));
        else if (kind === 2)
          jobs.push(h.request(`${srv.url}/_dash-layout`)
            .then((r) => assert.equal(r.json().type, 'Div')));
        else
          jobs.push(h.request(`${srv.url}/assets/..%2f..%2fCMakeLists.txt`)
            .then((r) => h.assertJsonError(r, 404)));
      }
      await Promise.all(jobs);
      await h.assertHealthy(srv);
    });
  });
});

describe('slow and idle clients', { timeout: 60000 }, () => {
  let srv; // student_scores --read-timeout-ms 500 --idle-timeout-ms 400

  before(async () => {
    srv = await h.start('student_scores',
      ['--read-timeout-ms', '500', '--idle-timeout-ms', '400']);
  });
  after(async () => { if (srv) await srv.stop(); });

  /// Sends `first`, stalls, and checks that a 408 JSON arrives in about the
  /// read timeout while other clients are served meanwhile.
  async function expect408(first, trickle) {
    const conn = await h.connect(srv.port);
    try {
      const t0 = Date.now();
      conn.send(first);
      let dripping = null;
      if (trickle) {
        let i = 0;
        dripping = setInterval(() => {
          if (!conn.closed && i < trickle.length) conn.send(trickle[i++]);
        }, 100);
      }
      // Others are answered, quickly, while this client stalls.
      await h.sleep(100);
      for (let i = 0; i < 3; ++i) {
        const t = Date.now();
        await h.assertHealthy(srv);
        assert.ok(Date.now() - t < 300, `answer took ${Date.now() - t} ms`);
      }
      try {
        await conn.responses(1, 2000);
      } finally {
        if (dripping) clearInterval(dripping);
      }
      const elapsed = Date.now() - t0;
      const rs = h.parseResponses(conn.data);
      assert.equal(rs.length, 1, `no 408 answer: ${JSON.stringify(conn.text())}`);
      h.assertJsonError(rs[0], 408);
      assert.ok(elapsed >= 400 && elapsed < 1200, `408 after ${elapsed} ms`);
      await conn.waitClosed(1000);
      assert.ok(conn.closed, 'connection left open after 408');
    } finally {
      conn.destroy();
    }
    await h.assertHealthy(srv);
  }

  it('half a body then a stall -> 408 JSON within ~1 s', async () => {
    await expect408('POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n'
      + 'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n'
      + '{"output": "output.children"');
  });

  it('half a header then a stall -> 408 JSON within ~1 s', async () => {
    await expect408('GET /_dash-layout HTTP/1.1\r\nHost: x\r\nAccept: ');
  });

  it('a header dripped a byte at a time -> 408 (the limit is per request)',
    async () => {
      await expect408('G', 'ET /_dash-layout HTTP/1.1\r\nHost: 127.0.0.1\r\n'
        .split(''));
    });

  it('an idle keep-alive connection is closed after idle-timeout-ms',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        conn.send(h.rawRequest('GET', '/_dash-layout'));
        await conn.responses(1);
        const answeredAt = Date.now();
        assert.ok(!conn.closed);
        await conn.waitClosed(3000);
        assert.ok(conn.closed, 'idle connection still open');
        const idle = conn.closedAt - answeredAt;
        assert.ok(idle >= 250 && idle < 1500, `closed after ${idle} ms idle`);
        assert.equal(h.parseResponses(conn.data).length, 1,
          'something besides the answer was sent');
      } finally {
        conn.destroy();
      }
    });

  it('a connection that never sends is closed after idle-timeout-ms, silently',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        await conn.waitClosed(3000);
        assert.ok(conn.closed, 'silent connection still open');
        const idle = conn.closedAt - conn.openedAt;
        assert.ok(idle >= 250 && idle < 1500, `closed after ${idle} ms`);
        assert.equal(conn.data.length, 0, conn.text());
      } finally {
        conn.destroy();
      }
    });

  it('a connection busy more often than the idle timeout stays open',
    async () => {
      const conn = await h.connect(srv.port);
      try {
        for (let i = 1; i <= 6; ++i) {
          conn.send(h.rawRequest('POST', '/_dash-update-component',
            { body: JSON.stringify(h.scoreBody(5)) }));
          const rs = await conn.responses(i);
          assert.equal(rs.length, i, `request ${i} unanswered`);
          assert.equal(rs[i - 1].json().response.output.children, 4);
          assert.ok(!conn.closed, `closed before request ${i + 1}`);
          await h.sleep(200);
        }
      } finally {
        conn.destroy();
      }
    });

  it('a slow reader still gets the whole of large files (the read timeout '
    + 'must not cut a response short)', async () => {
    // plotly.min.js (~4.8 MB) twice, pipelined so that the bytes outgrow
    // what the kernel's socket buffers absorb, read at a steady ~5 MB/s:
    // faster than most real networks, yet each response takes longer to
    // deliver than --read-timeout-ms 500.
    const target = '/_dash-component-suites/plotly/package_data/plotly.min.js';
    const one = await h.request(`${srv.url}${target}`, { method: 'HEAD' });
    const conn = await h.connect(srv.port);
    try {
      conn.sock.on('data', () => {
        conn.sock.pause();
        setTimeout(() => conn.sock.resume(), 10);
      });
      conn.send(h.rawRequest('GET', target).repeat(2));
      await conn.waitFor((c) => c.received > 1024, 3000);
      const head = conn.data.subarray(0, 1024).toString('latin1');
      const total = 2 * (head.indexOf('\r\n\r\n') + 4
        + Number(one.headers['content-length']));
      await conn.waitFor((c) => c.received >= total, 15000).catch(() => {});
      assert.equal(conn.received, total,
        `got ${conn.received} of ${total} bytes before the server closed `
        + `the connection (closed: ${conn.closed}, after `
        + `${conn.closed ? conn.closedAt - conn.openedAt : '-'} ms)`);
    } finally {
      conn.destroy();
    }
  });

  it('the server is alive after the slow clients', async () => {
    await h.assertHealthy(srv);
    const n = await h.waitForCount(srv, /warn.*answered 408/, 3);
    assert.ok(n >= 3, srv.logs());
  });
});
