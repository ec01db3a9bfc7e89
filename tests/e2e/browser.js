// tests/e2e/browser.js
// Browser side of the e2e tests: launches Debian's Chromium through
// playwright-core, watches a page for errors and foreign requests, drives the
// dcc.Dropdown and waits for Dash to go idle. Used by tests/e2e/*.test.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { BUILD_DIR } = require('../support/server.js');

const CHROMIUM = process.env.DASH_CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium's own connections fail
// on the closed test network and can disturb the page's.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];
const DEFAULT_TIMEOUT_MS = 10000;

/// One headless browser per test file; close it in `after`. `extraArgs`
/// are more Chromium flags (a trusted test certificate, say).
function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    timeout: 30000,
  });
}

/// True for URLs the page may load: the app's own host, plus data:/blob:.
function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['data:', 'blob:', 'about:'].includes(u.protocol))
    return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)
    && u.hostname === '127.0.0.1';
}

/// Opens a page that records what must not happen: console errors, uncaught
/// exceptions, requests to other hosts (aborted, so they fail fast), failed
/// requests and HTTP errors. It also records every /_dash-update-component
/// call, with the outputs it asked for and the status it got.
/// Returns { page, problems(), callbacks, inFlight(), ... }.
async function openPage(browser,
  { viewport = { width: 1200, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(15000);

  const consoleErrors = [];
  const pageErrors = [];
  const foreignRequests = [];
  const failedRequests = [];
  const httpErrors = [];
  const callbacks = [];
  const pending = new Set();

  // A Content-Security-Policy violation is a problem like a console error
  // (Chromium also logs most of them; this catches every one).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp violation: ${e.violatedDirective} blocked `
        + `${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror',
    (err) => pageErrors.push(String((err && err.stack) || err)));

  await context.route((url) => !isLocal(url.href), (route) => {
    foreignRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });

  page.on('request', (req) => {
    pending.add(req);
    if (req.url().includes('/_dash-update-component')) {
      let output = '?';
      try {
        output = JSON.parse(req.postData() || '{}').output;
      } catch { /* recorded as '?' */ }
      callbacks.push({ request: req, output, status: null });
    }
  });
  const settle = (req, status) => {
    pending.delete(req);
    const cb = callbacks.find((c) => c.request === req);
    if (cb) cb.status = status;
  };
  page.on('requestfinished', async (req) => {
    let status = null;
    try {
      const res = await req.response();
      status = res ? res.status() : null;
      if (status !== null && status >= 400)
        httpErrors.push(`${req.method()} ${req.url()} -> ${status}`);
    } catch { /* page closed */ }
    settle(req, status);
  });
  page.on('requestfailed', (req) => {
    const text = req.failure() ? req.failure().errorText : 'failed';
    if (isLocal(req.url()))
      failedRequests.push(`${req.method()} ${req.url()}: ${text}`);
    settle(req, 'failed');
  });

  return {
    page,
    context,
    callbacks,
    consoleErrors,
    pageErrors,
    foreignRequests,
    failedRequests,
    httpErrors,
    inFlight: () => pending.size,
    /// Everything that went wrong so far, as one list of strings (empty if
    /// the page behaved).
    problems() {
      return [
        ...consoleErrors.map((t) => `console error: ${t}`),
        ...pageErrors.map((t) => `page error: ${t}`),
        ...foreignRequests.map((u) => `request to another host: ${u}`),
        ...failedRequests.map((t) => `failed request: ${t}`),
        ...httpErrors.map((t) => `http error: ${t}`),
      ];
    },
    /// Callback requests whose `output` string contains `text`.
    callbacksFor(text) {
      return callbacks.filter((c) => String(c.output).includes(text));
    },
    close: () => context.close(),
  };
}

/// Loads `url` and waits until Dash has rendered and finished its initial
/// callbacks (see waitForIdle).
async function gotoApp(watched, url, title) {
  await watched.page.goto(url);
  await watched.page.waitForSelector('#react-entry-point > *');
  await waitForIdle(watched, title);
}

/// Waits until no request is in flight and Dash has put back the page title
/// (it shows "Updating..." while callbacks are pending), and both stay so
/// for `quietMs`, so a callback chain has really finished.
async function waitForIdle(watched, title,
  { timeoutMs = DEFAULT_TIMEOUT_MS, quietMs = 150 } = {}) {
  const end = Date.now() + timeoutMs;
  let quietSince = null;
  for (;;) {
    const idle = watched.inFlight() === 0
      && (title === undefined || (await watched.page.title()) === title);
    if (idle) {
      quietSince = quietSince ?? Date.now();
      if (Date.now() - quietSince >= quietMs) return;
    } else {
      quietSince = null;
    }
    if (Date.now() > end) {
      throw new Error(`page not idle within ${timeoutMs} ms: `
        + `${watched.inFlight()} requests in flight, `
        + `title "${await watched.page.title()}"`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/// The DOM id dash-renderer gives a component: a string id as it is; a
/// dict id (pattern matching) as its JSON with the keys sorted and no
/// spaces, e.g. `{"index":1,"type":"city"}`.
function domId(id) {
  if (typeof id !== 'object' || id === null) return String(id);
  const keys = Object.keys(id).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(id[k])}`)
    .join(',')}}`;
}

/// A CSS selector for the element whose id is `id` (a string or a dict id,
/// see domId), plus `suffix` appended to the DOM id ("-value").
function byId(id, suffix = '') {
  const text = domId(id) + suffix;
  return `[id="${text.replace(/[\\"]/g, (c) => `\\${c}`)}"]`;
}

/// Text the dcc.Dropdown `id` shows as its value.
function dropdownValue(page, id) {
  return page.locator(byId(id, '-value')).innerText();
}

/// Picks `label` in the dcc.Dropdown `id` the way a person does: clicks the
/// dropdown, then the option in the list it opens, and waits until the
/// list has closed and the dropdown shows the new value.
async function chooseOption(page, id, label) {
  const trigger = page.locator(byId(id));
  await trigger.click();
  await page.locator(`${byId(id)}[aria-expanded="true"]`).waitFor();
  const listId = await trigger.getAttribute('aria-controls');
  const exactly = new RegExp(`^\\s*${escapeRegExp(String(label))}\\s*$`);
  await page.locator(`[id="${listId}"] [role="option"]`)
    .filter({ hasText: exactly }).click();
  await page.locator(byId(id, '-value')).filter({ hasText: exactly })
    .waitFor();
  // Picking the option already chosen leaves the list open; close it.
  if ((await trigger.getAttribute('aria-expanded')) === 'true')
    await page.keyboard.press('Escape');
  await page.locator(`${byId(id)}[aria-expanded="false"]`).waitFor();
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/// Clears the dcc.Dropdown `id` with its "Clear selection" cross, as a
/// person can, and waits until it shows no value.
async function clearDropdown(page, id) {
  await page.locator(`${byId(id)} .dash-dropdown-clear`).click();
  await poll(() => dropdownValue(page, id), (t) => t.trim() === '',
    { what: `${id} to be empty` });
}

/// Polls `fn` until it returns a value that `ok` accepts; returns that
/// value, or throws with the last value seen.
async function poll(fn, ok,
  { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > end) {
      throw new Error(`${what} not met within ${timeoutMs} ms; last value: `
        + JSON.stringify(last));
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/// What the dcc.Graph `id` has drawn, read from the page once Plotly is done
/// with it (no `dash-graph--pending` class, which dcc.Graph sets while it
/// plots or resizes): { title, points, bars, transforms, data }. `points`
/// counts scatter markers, `bars` bar shapes; `transforms` are the markers'
/// drawn positions and `data` is the traces Plotly holds ({type, x, y}).
async function readGraph(page, id, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const sel = `${byId(id)} .js-plotly-plot`;
  await page.waitForFunction((s) => {
    const gd = document.querySelector(s);
    return gd && !gd.classList.contains('dash-graph--pending')
      && Array.isArray(gd.data) && gd.data.length > 0;
  }, sel, { timeout: timeoutMs });
  return page.evaluate((s) => {
    const gd = document.querySelector(s);
    const title = gd.querySelector('.gtitle');
    const markers = [...gd.querySelectorAll('.scatterlayer path.point')];
    return {
      title: title ? title.textContent : null,
      points: markers.length,
      bars: gd.querySelectorAll('.barlayer .point').length,
      transforms: markers.map((p) => p.getAttribute('transform')),
      data: gd.data.map((t) => ({ type: t.type, x: [...t.x], y: [...t.y] })),
    };
  }, sel);
}

/// The rows of the html table `id`: { head: [..], body: [[..], ..] }.
function readTable(page, id) {
  return page.evaluate((tid) => {
    const t = document.getElementById(tid);
    if (!t) return null;
    const cells = (tr) => [...tr.children].map((c) => c.textContent.trim());
    return {
      head: [...t.querySelectorAll('thead tr')].map(cells)[0] || [],
      body: [...t.querySelectorAll('tbody tr')].map(cells),
    };
  }, id);
}

/// Saves a full-page PNG to $DASH_BUILD_DIR/screenshots/<name>.png and
/// returns its path.
async function screenshot(page, name) {
  const dir = path.join(BUILD_DIR, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  // No hover effects in the picture: move the mouse away and let Plotly's
  // modebar fade out (it only shows while the graph is hovered).
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => [
    ...document.querySelectorAll('.modebar--hover > :not(.watermark)'),
  ].every((m) => getComputedStyle(m).opacity === '0'), null,
  { timeout: 2000 }).catch(() => {}); // a visible modebar is only cosmetic
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = {
  domId,
  byId,
  launch,
  openPage,
  gotoApp,
  waitForIdle,
  chooseOption,
  clearDropdown,
  dropdownValue,
  poll,
  readGraph,
  readTable,
  screenshot,
  isLocal,
};
