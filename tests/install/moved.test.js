// tests/install/moved.test.js
// A moved install: a program built against prefix A, after A is moved to B,
// stops with a message naming where it looked and how to fix it; pointed at
// B (DASH_FRONTEND_DIR) or built again against B, it finds B's front end.
// An incomplete front end is reported as such.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const { launch } = require('../e2e/browser.js');
const {
  tempDir, installInto, buildTemplate, checkTemplatePage,
} = require('./project.js');

/// Runs `bin` until it exits (it must not start) and returns its status and
/// output.
function startFails(bin, env = {}) {
  const r = spawnSync(bin, ['--port', '0'], {
    encoding: 'utf8', timeout: 20000, env: { ...process.env, ...env },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('a moved install', { timeout: 900000 }, () => {
  let tmp;
  let oldPrefix;
  let newPrefix;
  let oldBin;
  let browser;

  before(() => {
    tmp = tempDir('moved');
    oldPrefix = path.join(tmp, 'a');
    newPrefix = path.join(tmp, 'b');
    installInto(oldPrefix);
    oldBin = buildTemplate(path.join(tmp, 'built-against-a'), oldPrefix);
    fs.renameSync(oldPrefix, newPrefix);
  });

  after(async () => {
    if (browser) await browser.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a program built against the old place says where it looked', () => {
    const { status, out } = startFails(oldBin, { DASH_FRONTEND_DIR: '' });
    assert.equal(status, 1, out);
    assert.match(out, /the Dash front end .* was not found/);
    assert.ok(out.includes(path.join(oldPrefix, 'share/dashcpp/frontend')),
      out);
    assert.match(out, /no such folder/);
    assert.match(out, /--frontend-dir DIR or set DASH_FRONTEND_DIR/);
  });

  test('DASH_FRONTEND_DIR points it at the new place', async () => {
    const server = await startServer(oldBin, [], {
      cwd: path.join(tmp, 'built-against-a'),
      env: { DASH_FRONTEND_DIR: path.join(newPrefix, 'share/dashcpp/frontend') },
    });
    try {
      browser = await launch();
      await checkTemplatePage(browser, server.url);
    } finally {
      await server.stop();
    }
  });

  test('built against the new place, it finds its front end', async () => {
    const dir = path.join(tmp, 'built-against-b');
    const bin = buildTemplate(dir, newPrefix);
    const server = await startServer(bin, [], {
      cwd: dir, env: { DASH_FRONTEND_DIR: '' },
    });
    try {
      assert.ok(server.logs().includes(
        `front end loaded from ${path.join(newPrefix, 'share/dashcpp/frontend')}`),
      server.logs());
      await checkTemplatePage(browser, server.url);
    } finally {
      await server.stop();
    }
  });

  test('an incomplete front end is named with the missing file', () => {
    const frontend = path.join(newPrefix, 'share/dashcpp/frontend');
    const plotly = path.join(frontend, 'plotly.js-dist-min/plotly.min.js');
    fs.rmSync(plotly);
    const { status, out } = startFails(oldBin, { DASH_FRONTEND_DIR: frontend });
    assert.equal(status, 1, out);
    assert.match(out, /incomplete: cannot read .*plotly\.min\.js/);
    assert.match(out, /--frontend-dir \/ DASH_FRONTEND_DIR/);
  });
});
