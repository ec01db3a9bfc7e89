// tests/integration/routes.test.js
// Every route the Dash renderer calls, against live app binaries: the index
// page, layout, dependencies, update-component, component suites (caching,
// ETag, gzip, lazy chunks, plotly), favicon, assets, HEAD, keep-alive, 405.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const h = require('./helpers.js');

const SOURCE_DIR = process.env.DASH_SOURCE_DIR
  || path.resolve(__dirname, '..', '..');
const NODE_MODULES = path.join(SOURCE_DIR, 'node_modules');
const DCC_DIR = path.join(NODE_MODULES, 'dash-core-components',
  'dash_core_components');

const FINGERPRINT = /\.v[\w-]+m[0-9a-fA-F]+\./;

/// The _dash-config JSON text and every script src / link href of a page.
function parseIndex(html) {
  const cfg = new RegExp('<script id="_dash-config" type="application/json">'
    + '([\\s\\S]*?)</script>').exec(html);
  const srcs = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)]
    .map((m) => m[1]);
  const hrefs = [...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)]
    .map((m) => m[1]);
  return { configText: cfg && cfg[1], srcs, hrefs };
}

/// Walks a component tree; calls `visit(component)` on each component.
function walk(node, visit, where = 'layout') {
  if (node === null || typeof node === 'string' || typeof node === 'number')
    return;
  if (Array.isArray(node)) {
    node.forEach((c, i) => walk(c, visit, `${where}[${i}]`));
    return;
  }
  assert.equal(typeof node, 'object', where);
  assert.equal(typeof node.type, 'string', `${where}.type`);
  assert.equal(typeof node.namespace, 'string', `${where}.namespace`);
  assert.equal(typeof node.props, 'object', `${where}.props`);
  assert.ok(node.props !== null && !Array.isArray(node.props), `${where}.props`);
  visit(node);
  if ('children' in node.props) walk(node.props.children, visit,
    `${where}.${node.type}`);
}

describe('routes', { timeout: 60000 }, () => {
  let scores; // student_scores
  let multi; // multi_output --delay-ms 0
  let demo; // demo --delay-ms 0 (all five callbacks)
  let page; // GET / of student_scores
  let index; // parseIndex(page)

  before(async () => {
    // allSettled: whatever started is stopped in after(), even if one fails.
    const started = await Promise.allSettled([
      h.start('student_scores'),
      h.start('multi_output', ['--delay-ms', '0']),
      h.start('demo', ['--delay-ms', '0']),
    ]);
    [scores, multi, demo] = started.map((r) => r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const res = await h.request(`${scores.url}/`);
    assert.equal(res.status, 200);
    page = res.text();
    index = parseIndex(page);
  });

  after(async () => {
    await Promise.all([scores, multi, demo].filter(Boolean)
      .map((s) => s.stop()));
  });

  describe('index page', () => {
    it('GET / is HTML with the renderer mount point', async () => {
      const res = await h.request(`${scores.url}/`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^text\/html/);
      assert.match(page, /^<!DOCTYPE html>/i);
      assert.match(page, /<div id="react-entry-point">/);
      assert.ok(res.headers['x-request-id'], 'X-Request-Id header');
    });

    it('_dash-config parses and has the prefix and serve_locally', () => {
      assert.ok(index.configText, 'no <script id="_dash-config"> in the page');
      // Nothing in it can close the script tag.
      assert.ok(!/<\//.test(index.configText), index.configText);
      const cfg = JSON.parse(index.configText);
      assert.equal(cfg.requests_pathname_prefix, '/');
      assert.equal(cfg.serve_locally, true);
    });

    it('loads the front-end scripts in the required order', () => {
      const order = ['polyfill', 'react.', 'react-dom', 'prop-types',
        'dash_renderer', 'dash_core_components.', 'dash_core_components-shared',
        'dash_html_components'];
      let last = -1;
      for (const name of order) {
        const i = index.srcs.findIndex((s) => s.includes(name));
        assert.ok(i >= 0, `no script for ${name} in ${index.srcs}`);
        assert.ok(i > last, `${name} is out of order in ${index.srcs}`);
        last = i;
      }
      const boot = page.indexOf('new DashRenderer()');
      assert.ok(boot > 0, 'no inline `new DashRenderer()`');
      for (const src of index.srcs.filter((s) =>
        s.includes('_dash-component-suites')))
        assert.ok(page.indexOf(src) < boot, `${src} after the boot script`);
    });

    it('points only at this server (no absolute URLs to other hosts)', () => {
      for (const url of [...index.srcs, ...index.hrefs]) {
        assert.ok(url.startsWith('/') && !url.startsWith('//'),
          `not a same-origin path: ${url}`);
      }
      assert.ok(!/(src|href)\s*=\s*"(https?:)?\/\//i.test(page), page);
      assert.ok(!/https?:\/\//i.test(page), 'the page names an http(s) URL');
    });

    it('every <script src> and stylesheet of the page loads with 200',
      async () => {
      assert.ok(index.srcs.length >= 8, `${index.srcs}`);
      for (const src of index.srcs) {
        const res = await h.request(`${scores.url}${src}`);
        assert.equal(res.status, 200, `${src}: ${res.status}`);
        assert.match(res.headers['content-type'], /javascript/, src);
        assert.ok(res.body.length > 0, src);
      }
      const sheets = index.hrefs.filter((x) => x.endsWith('.css'));
      assert.ok(sheets.includes('/assets/style.css'), `${index.hrefs}`);
      for (const href of index.hrefs) {
        const res = await h.request(`${scores.url}${href}`);
        assert.ok(res.status === 200 || (href === '/_favicon.ico'
          && res.status === 204), `${href}: ${res.status}`);
      }
    });

    it('any non-reserved path gives the same index page', async () => {
      for (const p of ['/some/page', '/a/b/c/', '/page?x=1&y=2', '/assets',
        '/_dash', '/index.html']) {
        const res = await h.request(`${scores.url}${p}`);
        assert.equal(res.status, 200, p);
        assert.match(res.headers['content-type'], /^text\/html/, p);
        assert.equal(res.text(), page, p);
      }
    });
  });

  describe('layout and dependencies', () => {
    it('/_dash-layout is a JSON component tree', async () => {
      const res = await h.request(`${scores.url}/_dash-layout`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^application\/json/);
      const ids = new Map();
      walk(res.json(), (c) => { if (c.props.id) ids.set(c.props.id, c); });
      assert.equal(ids.get('score').type, 'Dropdown');
      assert.equal(ids.get('score').namespace, 'dash_core_components');
      assert.equal(ids.get('output').namespace, 'dash_html_components');
      assert.deepEqual(ids.get('score').props.options.map((o) => o.value),
        [1, 2, 3, 4, 5]);
    });

    it('/_dash-dependencies lists well-formed callback specs', async () => {
      const res = await h.request(`${demo.url}/_dash-dependencies`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^application\/json/);
      const deps = res.json();
      assert.ok(Array.isArray(deps));
      assert.equal(deps.length, 5);
      const layout = (await h.request(`${demo.url}/_dash-layout`)).json();
      const ids = new Set();
      walk(layout, (c) => { if (c.props.id) ids.add(c.props.id); });
      const seen = new Set();
      for (const d of deps) {
        const w = JSON.stringify(d);
        assert.equal(typeof d.output, 'string', w);
        assert.ok(Array.isArray(d.inputs) && d.inputs.length > 0, w);
        assert.ok(Array.isArray(d.state), w);
        assert.equal(typeof d.prevent_initial_call, 'boolean', w);
        assert.ok('clientside_function' in d, w);
        assert.equal(d.clientside_function, null, w);
        for (const dep of [...d.inputs, ...d.state]) {
          assert.equal(typeof dep.id, 'string', w);
          assert.equal(typeof dep.property, 'string', w);
          assert.ok(ids.has(dep.id), `${dep.id} is not in the layout`);
        }
        // "id.prop" or "..id1.prop1...id2.prop2..".
        const outs = d.output.startsWith('..')
          ? d.output.slice(2, -2).split('...') : [d.output];
        if (d.output.startsWith('..'))
          assert.match(d.output, /^\.\.[^.]+\.[^.]+(\.\.\.[^.]+\.[^.]+)+\.\.$/);
        for (const o of outs) {
          assert.match(o, /^[^.]+\.[^.]+$/, w);
          assert.ok(ids.has(o.split('.')[0]), `${o}: id not in the layout`);
          assert.ok(!seen.has(o), `two callbacks write ${o}`);
          seen.add(o);
        }
      }
      const m = deps.find((d) => d.output === h.MULTI_OUTPUT);
      assert.ok(m, `no ${h.MULTI_OUTPUT} in ${JSON.stringify(deps)}`);
      assert.deepEqual(m.inputs, [{ id: 'fruit', property: 'value' }]);
      assert.deepEqual(m.state, []);
    });

    it('the multi_output app declares its one two-output callback', async () => {
      const deps = (await h.request(`${multi.url}/_dash-dependencies`)).json();
      assert.equal(deps.length, 1);
      assert.equal(deps[0].output, h.MULTI_OUTPUT);
    });
  });

  describe('POST /_dash-update-component', () => {
    it('student_scores answers every score with its count', async () => {
      for (const [value, count] of Object.entries(h.SCORE_COUNTS)) {
        const res = await h.postUpdate(scores.url, h.scoreBody(Number(value)));
        assert.equal(res.status, 200, res.text());
        assert.match(res.headers['content-type'], /^application\/json/);
        assert.deepEqual(res.json(),
          { multi: true, response: { output: { children: count } } });
      }
    });

    it('an input without a value (initial call) counts as null', async () => {
      const body = h.scoreBody(undefined);
      body.changedPropIds = [];
      const res = await h.postUpdate(scores.url, body);
      assert.equal(res.status, 200, res.text());
      assert.deepEqual(res.json(),
        { multi: true, response: { output: { children: 0 } } });
    });

    it('multi_output answers both outputs under response', async () => {
      const res = await h.postUpdate(multi.url, h.multiBody('figs'));
      assert.equal(res.status, 200, res.text());
      const body = res.json();
      assert.equal(body.multi, true);
      assert.deepEqual(Object.keys(body.response).sort(),
        ['sales-graph', 'sales-table']);
      const fig = body.response['sales-graph'].figure;
      assert.equal(fig.data[0].type, 'bar');
      assert.deepEqual(fig.data[0].x, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
      assert.equal(fig.data[0].y.length, 6);
      assert.equal(fig.layout.title.text, 'Sales of figs');
      const table = body.response['sales-table'].children;
      assert.ok(Array.isArray(table), JSON.stringify(table));
      walk(table, () => {});
      // The same input gives the same answer; another input another one.
      const again = await h.postUpdate(multi.url, h.multiBody('figs'));
      assert.deepEqual(again.json(), body);
      const apples = (await h.postUpdate(multi.url, h.multiBody('apples')))
        .json();
      assert.equal(apples.response['sales-graph'].figure.layout.title.text,
        'Sales of apples');
    });
  });

  describe('/_dash-component-suites', () => {
    const suites = () => index.srcs.filter((s) =>
      s.startsWith('/_dash-component-suites/'));

    it('fingerprinted files from the page are cached for a year', async () => {
      assert.ok(suites().length >= 8);
      for (const src of suites()) {
        assert.match(src, FINGERPRINT, src);
        const res = await h.request(`${scores.url}${src}`);
        assert.equal(res.status, 200, src);
        assert.match(res.headers['cache-control'] || '', /max-age=31536000/, src);
      }
    });

    it('unfingerprinted names are served with an ETag and revalidate',
      async () => {
      for (const src of suites()) {
        const plain = src.replace(FINGERPRINT, '.');
        const res = await h.request(`${scores.url}${plain}`);
        assert.equal(res.status, 200, plain);
        const cc = res.headers['cache-control'] || '';
        const maxAge = /max-age=(\d+)/.exec(cc);
        assert.ok(!maxAge || Number(maxAge[1]) < 3600,
          `${plain}: long cache for an unfingerprinted name: ${cc}`);
        assert.ok(!/immutable/.test(cc), `${plain}: ${cc}`);
        const etag = res.headers.etag;
        assert.ok(etag, `${plain}: no ETag`);
        // Same bytes as under the fingerprinted name.
        const fp = await h.request(`${scores.url}${src}`);
        assert.ok(fp.body.equals(res.body), `${src} and ${plain} differ`);
        const cached = await h.request(`${scores.url}${plain}`,
          { headers: { 'If-None-Match': etag } });
        assert.equal(cached.status, 304, plain);
        assert.equal(cached.body.length, 0, plain);
        const stale = await h.request(`${scores.url}${plain}`,
          { headers: { 'If-None-Match': '"not-the-etag"' } });
        assert.equal(stale.status, 200, plain);
        assert.ok(stale.body.equals(res.body), plain);
      }
    });

    it('gzips when the client accepts it, to the same bytes', async () => {
      const files = [...suites().map((s) => s.replace(FINGERPRINT, '.')),
        '/_dash-component-suites/plotly/package_data/plotly.min.js'];
      for (const f of files) {
        const plain = await h.request(`${scores.url}${f}`);
        assert.equal(plain.status, 200, f);
        assert.equal(plain.headers['content-encoding'], undefined, f);
        const gz = await h.request(`${scores.url}${f}`,
          { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
        assert.equal(gz.status, 200, f);
        assert.equal(gz.headers['content-encoding'], 'gzip', f);
        assert.match(gz.headers.vary || '', /accept-encoding/i, f);
        assert.ok(gz.body.length < plain.body.length, f);
        assert.equal(Number(gz.headers['content-length']), gz.body.length, f);
        assert.ok(zlib.gunzipSync(gz.body).equals(plain.body), f);
      }
    });

    it('serves every lazily loaded dcc chunk, with any fingerprint', async () => {
      const chunks = fs.readdirSync(DCC_DIR)
        .filter((n) => /^async-.*\.js$/.test(n));
      assert.ok(chunks.includes('async-graph.js'), `${chunks}`);
      for (const name of chunks) {
        const want = fs.readFileSync(path.join(DCC_DIR, name));
        const plain = await h.request(
          `${scores.url}/_dash-component-suites/dash/dcc/${name}`);
        assert.equal(plain.status, 200, name);
        assert.ok(plain.body.equals(want), name);
        const fpName = name.replace(/\.js$/, '.v4_5_0m123.js');
        const fp = await h.request(
          `${scores.url}/_dash-component-suites/dash/dcc/${fpName}`);
        assert.equal(fp.status, 200, fpName);
        assert.match(fp.headers['content-type'], /javascript/, fpName);
        assert.ok(fp.body.equals(want), fpName);
        assert.match(fp.headers['cache-control'] || '', /max-age=31536000/);
      }
      // Any value of the fingerprint is stripped.
      const odd = await h.request(`${scores.url}/_dash-component-suites/dash/`
        + 'dcc/async-graph.v9_9_9-rc1mdeadBEEF0.js');
      assert.equal(odd.status, 200);
    });

    it('serves plotly.min.js where dcc looks for it', async () => {
      const want = fs.readFileSync(path.join(NODE_MODULES,
        'plotly.js-dist-min', 'plotly.min.js'));
      const res = await h.request(`${scores.url}/_dash-component-suites/`
        + 'plotly/package_data/plotly.min.js');
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /javascript/);
      assert.ok(res.body.equals(want));
      const fp = await h.request(`${scores.url}/_dash-component-suites/`
        + 'plotly/package_data/plotly.v3_7_0m1a2b3c.min.js');
      assert.equal(fp.status, 200);
      assert.ok(fp.body.equals(want));
    });
  });

  describe('favicon and assets', () => {
    it('/_favicon.ico answers 200 or 204', async () => {
      const res = await h.request(`${scores.url}/_favicon.ico`);
      assert.ok(res.status === 200 || res.status === 204, `${res.status}`);
      if (res.status === 204) assert.equal(res.body.length, 0);
    });

    it('/assets/style.css is the app\'s stylesheet as text/css', async () => {
      const want = fs.readFileSync(path.join(SOURCE_DIR, 'apps', 'assets',
        'style.css'));
      const res = await h.request(`${scores.url}/assets/style.css`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^text\/css/);
      assert.ok(res.body.equals(want));
      assert.ok(res.headers.etag, 'no ETag on an asset');
      const again = await h.request(`${scores.url}/assets/style.css?v=2`,
        { headers: { 'If-None-Match': res.headers.etag } });
      assert.equal(again.status, 304);
    });
  });

  describe('assets from --assets-dir', () => {
    let dir;
    let app;
    let html;
    const files = {
      'b.css': 'b {}',
      'a.css': 'a {}',
      'sub/c.css': 'c {}',
      'z.js': 'window.z = 1;',
      'sub/y.js': 'window.y = 1;',
      'with space.css': 's {}',
      'ünïcode.css': 'u {}',
      '.hidden.css': 'h {}',
      'notes.txt': 'not linked',
    };
    // Legal file names that need percent-encoding in the page's URLs.
    const special = { '100%.css': 'p {}', '#hash.css': 'x {}', 'q?.css': 'q {}' };

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-assets-'));
      for (const [name, text] of Object.entries({ ...files, ...special })) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      app = await h.start('student_scores', ['--assets-dir', dir]);
      html = (await h.request(`${app.url}/`)).text();
    });
    after(async () => {
      if (app) await app.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const decode = (x) => {
      try { return decodeURIComponent(x); } catch { return x; }
    };
    /// Whether an /assets/ URL of the page names one of `special`.
    const isSpecial = (url) => Object.keys(special).some((n) =>
      url.includes(n) || url.includes(encodeURIComponent(n)));

    /// What a browser requests for `url` found in the page.
    const asBrowser = (url) => {
      const u = new URL(url, `${app.url}/`);
      return u.pathname + u.search;
    };

    it('links every .css in <head> and every .js after the renderer, sorted',
      () => {
        const { srcs, hrefs } = parseIndex(html);
        const css = hrefs.filter((x) => x.startsWith('/assets/'))
          .map((x) => x.slice('/assets/'.length));
        const js = srcs.filter((x) => x.startsWith('/assets/'))
          .map((x) => x.slice('/assets/'.length));
        const plainCss = css.filter((n) => !isSpecial(n));
        assert.deepEqual(plainCss.map(decode),
          ['a.css', 'b.css', 'sub/c.css', 'with space.css', 'ünïcode.css']);
        assert.deepEqual(js, ['sub/y.js', 'z.js']);
        assert.ok(html.indexOf('/assets/a.css') < html.indexOf('</head>'));
        assert.ok(html.indexOf('/assets/sub/y.js')
          > html.lastIndexOf('_dash-component-suites/'));
        assert.ok(!html.includes('.hidden.css'));
        assert.ok(!html.includes('notes.txt'));
      });

    it('every asset the page links loads, as a browser would request it',
      async () => {
        const { srcs, hrefs } = parseIndex(html);
        for (const url of [...srcs, ...hrefs].filter((x) =>
          x.startsWith('/assets/') && !isSpecial(x))) {
          const res = await h.request(`${app.url}${asBrowser(url)}`);
          assert.equal(res.status, 200, `${url} -> ${asBrowser(url)}`);
        }
      });

    it('names with %, # or ? are percent-encoded in the page', async () => {
      for (const [name, text] of Object.entries(special)) {
        const enc = encodeURIComponent(name);
        const direct = await h.request(`${app.url}/assets/${enc}`);
        assert.equal(direct.status, 200, `/assets/${enc}`);
        assert.equal(direct.text(), text);
        const { hrefs } = parseIndex(html);
        const link = hrefs.find((x) => x.startsWith('/assets/')
          && isSpecial(x) && (x.includes(enc) || x.includes(name)));
        assert.ok(link, `${name} is not linked`);
        const res = await h.request(`${app.url}${asBrowser(link)}`);
        assert.equal(res.status, 200,
          `the page links ${name} as "${link}"; a browser requests `
          + `${asBrowser(link)} and gets ${res.status}`);
        assert.equal(res.text(), text);
      }
    });
  });

  describe('HEAD', () => {
    for (const p of ['/', '/_dash-layout', '/_dash-dependencies',
      '/assets/style.css',
      '/_dash-component-suites/dash/dcc/async-graph.js',
      '/_dash-component-suites/nope/nothing.js']) {
      it(`HEAD ${p} has GET's status and headers but no body`, async () => {
        const get = await h.request(`${scores.url}${p}`);
        const head = await h.request(`${scores.url}${p}`, { method: 'HEAD' });
        assert.equal(head.status, get.status);
        assert.equal(head.body.length, 0);
        assert.equal(head.headers['content-type'], get.headers['content-type']);
        assert.equal(head.headers['content-length'],
          get.headers['content-length']);
        assert.equal(Number(get.headers['content-length']), get.body.length);
      });
    }

    it('a HEAD followed by a GET on one connection stay in step', async () => {
      const conn = await h.connect(scores.port);
      try {
        conn.send(h.rawRequest('HEAD', '/_dash-layout'));
        const [head] = await conn.responses(1, 5000, { head: true });
        assert.equal(head.status, 200);
        const layoutLength = Number(head.headers['content-length']);
        assert.ok(layoutLength > 0);
        const before = conn.data.length;
        conn.send(h.rawRequest('GET', '/_dash-dependencies'));
        await conn.waitFor((c) => h.parseResponses(
          c.data.subarray(before)).length >= 1);
        const [get] = h.parseResponses(conn.data.subarray(before));
        assert.equal(get.status, 200);
        assert.ok(Array.isArray(get.json()));
      } finally {
        conn.destroy();
      }
    });
  });

  describe('keep-alive', () => {
    it('answers several requests in turn over one raw connection', async () => {
      const conn = await h.connect(scores.port);
      try {
        const body = JSON.stringify(h.scoreBody(2));
        const reqs = [
          h.rawRequest('GET', '/'),
          h.rawRequest('GET', '/_dash-layout'),
          h.rawRequest('POST', '/_dash-update-component',
            { headers: { 'Content-Type': 'application/json' }, body }),
          h.rawRequest('GET', '/_dash-dependencies'),
          h.rawRequest('GET', '/_dash-component-suites/dash/dcc/async-graph.js'),
          h.rawRequest('GET', '/nowhere/_dash-x'),
        ];
        for (let i = 0; i < reqs.length; ++i) {
          conn.send(reqs[i]);
          const rs = await conn.responses(i + 1);
          assert.equal(rs.length, i + 1, `response ${i} missing`);
          assert.equal(rs[i].status, 200, `request ${i}: ${rs[i].text()}`);
          assert.ok(!conn.closed, `closed after request ${i}`);
        }
        const rs = h.parseResponses(conn.data);
        assert.match(rs[0].text(), /_dash-config/);
        assert.deepEqual(rs[2].json(),
          { multi: true, response: { output: { children: 2 } } });
        const ids = rs.map((r) => r.headers['x-request-id']);
        assert.equal(new Set(ids).size, ids.length, `${ids}`);
      } finally {
        conn.destroy();
      }
    });

    it('answers pipelined requests in order', async () => {
      const conn = await h.connect(scores.port);
      try {
        const bodies = [5, 1, 4, 3].map((v) => JSON.stringify(h.scoreBody(v)));
        conn.send(bodies.map((b) => h.rawRequest('POST',
          '/_dash-update-component', { body: b })).join('')
          + h.rawRequest('GET', '/_dash-layout'));
        const rs = await conn.responses(5);
        assert.equal(rs.length, 5, conn.text());
        assert.deepEqual(rs.slice(0, 4).map((r) =>
          r.json().response.output.children), [4, 3, 0, 1]);
        assert.equal(rs[4].json().type, 'Div');
      } finally {
        conn.destroy();
      }
    });

    it('reuses one socket through an http.Agent with keepAlive', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const results = [];
        for (const p of ['/_dash-layout', '/_dash-dependencies', '/',
          '/assets/style.css', '/_favicon.ico'])
          results.push(await h.request(`${scores.url}${p}`, { agent }));
        results.push(await h.postUpdate(scores.url, h.scoreBody(1), { agent }));
        assert.deepEqual(results.map((r) => r.status >= 200 && r.status < 300),
          results.map(() => true));
        assert.deepEqual(results.map((r) => r.reusedSocket),
          [false, true, true, true, true, true]);
        assert.deepEqual(results[5].json().response.output.children, 3);
      } finally {
        agent.destroy();
      }
    });

    it('HTTP/1.0 without keep-alive gets its answer and a close', async () => {
      const conn = await h.connect(scores.port);
      try {
        conn.send('GET /_dash-layout HTTP/1.0\r\n\r\n');
        await conn.waitClosed(3000);
        const [r] = h.parseResponses(conn.data);
        assert.equal(r.version, '1.0');
        assert.equal(r.status, 200);
        assert.equal(r.json().type, 'Div');
      } finally {
        conn.destroy();
      }
    });

    it('Connection: close is honoured', async () => {
      const conn = await h.connect(scores.port);
      try {
        conn.send(h.rawRequest('GET', '/_dash-dependencies',
          { headers: { Connection: 'close' } }));
        await conn.waitClosed(3000);
        const rs = h.parseResponses(conn.data);
        assert.equal(rs.length, 1);
        assert.equal(rs[0].status, 200);
      } finally {
        conn.destroy();
      }
    });
  });

  describe('conditional requests and content coding (RFC 9110)', () => {
    const file = '/_dash-component-suites/dash/dcc/async-graph.js';

    it('If-None-Match uses weak comparison, lists and * (13.1.2)', async () => {
      const res = await h.request(`${scores.url}${file}`);
      const etag = res.headers.etag;
      assert.ok(etag);
      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`,
        `W/"other",W/${etag}`, '*']) {
        const r = await h.request(`${scores.url}${file}`,
          { headers: { 'If-None-Match': inm } });
        assert.equal(r.status, 304, `If-None-Match: ${inm}`);
      }
    });

    it('gzip;q=0 means "not gzip" (12.5.3)', async () => {
      for (const ae of ['gzip;q=0', 'gzip; q=0.0, identity', 'identity']) {
        const r = await h.request(`${scores.url}${file}`,
          { headers: { 'Accept-Encoding': ae } });
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], undefined,
          `Accept-Encoding: ${ae} was answered with gzip`);
      }
    });

    it('the gzip and identity representations have different ETags (8.8.3)',
      async () => {
        const plain = await h.request(`${scores.url}${file}`);
        const gz = await h.request(`${scores.url}${file}`,
          { headers: { 'Accept-Encoding': 'gzip' } });
        assert.equal(gz.headers['content-encoding'], 'gzip');
        assert.notEqual(gz.headers.etag, plain.headers.etag,
          'one strong ETag for two different byte sequences');
        // Each still revalidates with its own ETag.
        const again = await h.request(`${scores.url}${file}`, { headers:
          { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag } });
        assert.equal(again.status, 304);
      });

    it('Expect: 100-continue gets 100 Continue before the body (10.1.1)',
      async () => {
        const conn = await h.connect(scores.port);
        try {
          const body = JSON.stringify(h.scoreBody(5));
          const t = h.csrf.localToken();
          conn.send('POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n'
            + `Cookie: _csrf_token=${t}\r\nX-CSRFToken: ${t}\r\n`
            + `Expect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`);
          await conn.waitFor((c) => c.received > 0, 500).catch(() => {});
          assert.match(conn.text(), /^HTTP\/1\.1 100 /,
            'no interim 100 Continue within 500 ms');
          conn.send(body);
          await conn.waitFor((c) => /"children":4/.test(c.text()), 2000);
        } finally {
          conn.destroy();
        }
      });
  });

  describe('wrong method', () => {
    const cases = [
      ['POST', '/', 'GET, HEAD'],
      ['PUT', '/_dash-layout', 'GET, HEAD'],
      ['DELETE', '/_dash-dependencies', 'GET, HEAD'],
      ['POST', '/assets/style.css', 'GET, HEAD'],
      ['PATCH', '/_dash-component-suites/dash/dcc/async-graph.js', 'GET, HEAD'],
      ['GET', '/_dash-update-component', 'POST'],
      ['PUT', '/_dash-update-component', 'POST'],
      ['OPTIONS', '/_dash-layout', 'GET, HEAD'],
    ];
    for (const [method, p, allow] of cases) {
      it(`${method} ${p} -> 405 with Allow: ${allow}`, async () => {
        const res = await h.request(`${scores.url}${p}`, { method,
          body: method === 'GET' || method === 'OPTIONS' ? undefined : '{}' });
        h.assertJsonError(res, 405);
        const allowed = res.headers.allow.split(',').map((s) => s.trim());
        assert.deepEqual(allowed.sort(), allow.split(', ').sort());
      });
    }

    it('the 405s were logged as warnings and the server still serves',
      async () => {
      const n = await h.waitForCount(scores, /warn.*answered 405/, cases.length);
      assert.ok(n >= cases.length, scores.logs());
      await h.assertHealthy(scores);
    });
  });
});
