// tests/install/prefix.test.js
// dashcpp used from a project of one's own: the build is installed into a
// temporary prefix, templates/app is configured against it
// (CMAKE_PREFIX_PATH), built, started from another working directory and
// checked in Chromium.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../support/server.js');
const { launch } = require('../e2e/browser.js');
const {
  tempDir, installInto, buildTemplate, checkTemplatePage,
} = require('./project.js');

describe('the template built against an installed prefix', { timeout: 600000 }, () => {
  let tmp;
  let prefix;
  let bin;
  let browser;

  before(() => {
    tmp = tempDir('prefix');
    prefix = path.join(tmp, 'prefix');
    installInto(prefix);
    bin = buildTemplate(path.join(tmp, 'my_dashboard'), prefix);
  });

  after(async () => {
    if (browser) await browser.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the prefix holds the headers, the package, the front end', () => {
    for (const f of ['include/dash/dash.hpp', 'include/dash/model/app.hpp',
      'include/dash/config/flag.hpp', 'include/dash/http/serve.hpp',
      'lib/cmake/dashcpp/dashcppConfig.cmake',
      'lib/cmake/dashcpp/dashcppConfigVersion.cmake',
      'share/dashcpp/frontend/dash-renderer/build/dash_renderer.min.js',
      'share/dashcpp/frontend/dash-renderer/package.json',
      'share/dashcpp/examples/dashcpp.ini',
      'share/dashcpp/templates/app/CMakeLists.txt'])
      assert.ok(fs.existsSync(path.join(prefix, f)), `${f} installed`);
    // Only what is served: no development builds, no nested node_modules.
    for (const f of ['share/dashcpp/frontend/dash-renderer/build/dash_renderer.dev.js',
      'share/dashcpp/frontend/dash-renderer/node_modules',
      'share/dashcpp/frontend/react/umd/react.development.js'])
      assert.ok(!fs.existsSync(path.join(prefix, f)), `${f} not installed`);
    // No actors/ or Beast header is part of the public API.
    assert.ok(!fs.existsSync(path.join(prefix, 'include/dash/actors')));
  });

  test('started elsewhere, it renders and its callback answers', async () => {
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const server = await startServer(bin,
      ['--assets-folder', path.join(tmp, 'my_dashboard', 'assets')],
      { cwd: elsewhere, env: { DASH_FRONTEND_DIR: '' } });
    try {
      assert.match(server.logs(), new RegExp(`front end loaded from ${
        path.join(prefix, 'share', 'dashcpp', 'frontend')}`));
      browser = await launch();
      await checkTemplatePage(browser, server.url);
    } finally {
      await server.stop();
    }
  });

  test('dashcpp-new copies the installed template under a new name', () => {
    const dir = path.join(tmp, 'hello_board');
    const { execFileSync } = require('node:child_process');
    execFileSync(path.join(prefix, 'bin', 'dashcpp-new'), ['hello_board', dir]);
    const cmake = fs.readFileSync(path.join(dir, 'CMakeLists.txt'), 'utf8');
    assert.match(cmake, /project\(hello_board /);
    assert.match(cmake, /find_package\(dashcpp CONFIG REQUIRED\)/);
    assert.ok(fs.existsSync(path.join(dir, 'assets', 'style.css')));
  });

  test('--help lists the server settings', () => {
    const { execFileSync } = require('node:child_process');
    const out = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    assert.match(out, /--frontend-dir/);
    assert.match(out, /--assets-folder/);
  });
});
