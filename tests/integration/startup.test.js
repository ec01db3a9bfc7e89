// tests/integration/startup.test.js
// What decides whether a program starts: an app's own flags (dash::flag,
// listed by --help, typed, named when bad, read by callbacks) and the front
// end's location (found in the build tree; a bad --frontend-dir stops
// start-up with a message saying where it looked and how to fix it).
'use strict';
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const { postUpdate } = require('./helpers.js');

const BIN = path.join(process.env.DASH_BUILD_DIR
  || path.resolve(__dirname, '..', '..', 'build'), 'bin');
const run = (app, args, env = {}) => spawnSync(path.join(BIN, app), args,
  { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10000 });

describe('app flags', () => {
  test('--help lists the app flags with the server settings', () => {
    const r = run('example3_signal', ['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /--delay-ms arg \(=3000\)/);
    assert.match(r.stdout, /--computation-log/);
    assert.match(r.stdout, /--frontend-dir/);
    assert.match(r.stdout, /--assets-folder/);
  });

  test('a bad value of an app flag stops start-up naming it', () => {
    for (const [args, env] of [[['--delay-ms', 'soon'], {}],
      [[], { DASH_DELAY_MS: '12x' }]]) {
      const r = run('example1_store', ['--port', '0', ...args], env);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr,
        /bad configuration: option --delay-ms must be an integer/);
    }
  });

  test('a callback reads the flag as given', async () => {
    const server = await startServer('multi_output', ['--delay-ms', '300']);
    try {
      const t0 = Date.now();
      const r = await postUpdate(server.url, {
        output: '..sales-graph.figure...sales-table.children..',
        outputs: [{ id: 'sales-graph', property: 'figure' },
          { id: 'sales-table', property: 'children' }],
        inputs: [{ id: 'fruit', property: 'value', value: 'figs' }],
        changedPropIds: ['fruit.value'],
      });
      assert.equal(r.status, 200, r.body);
      assert.ok(Date.now() - t0 >= 290, 'the query took --delay-ms');
    } finally {
      await server.stop();
    }
  });
});

describe('the front end', () => {
  test('a build-tree program finds the source tree\'s node_modules', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-cwd-'));
    const server = await startServer('trivial', [], {
      cwd, env: { DASH_FRONTEND_DIR: '' },
    });
    try {
      assert.match(server.logs(), /front end loaded from .*node_modules/);
    } finally {
      await server.stop();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a missing --frontend-dir says where it looked and how to fix it', () => {
    const r = run('trivial', ['--port', '0', '--frontend-dir', '/nonexistent/fe']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot load the front end/);
    assert.match(r.stderr, /\/nonexistent\/fe \(--frontend-dir \/ DASH_FRONTEND_DIR\): no such folder/);
    assert.match(r.stderr, /Fix: pass --frontend-dir DIR or set DASH_FRONTEND_DIR/);
  });
});
