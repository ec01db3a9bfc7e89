// tests/install/deb.test.js
// The Debian package: `cpack -G DEB` in the build folder, `apt-get install
// ./dashcpp-dev_*.deb`, then templates/app built against /usr (no prefix
// path), started from another working directory and checked in Chromium.
// Needs root (CI runs as root); the package is removed afterwards.
'use strict';
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BUILD_DIR, startServer } = require('../support/server.js');
const { launch } = require('../e2e/browser.js');
const { run, tempDir, buildTemplate, checkTemplatePage } = require('./project.js');

const isRoot = process.getuid && process.getuid() === 0;
const hasApt = fs.existsSync('/usr/bin/apt-get') && fs.existsSync('/usr/bin/dpkg');
const skip = !isRoot ? 'needs root to apt-get install the .deb (CI runs as root)'
  : !hasApt ? 'needs apt-get and dpkg (Debian)' : false;

describe('the dashcpp-dev Debian package', { timeout: 900000, skip }, () => {
  let tmp;
  let deb;
  let installed = false;
  let browser;

  before(() => {
    tmp = tempDir('deb');
    const out = run('cpack', ['-G', 'DEB', '-B', tmp], { cwd: BUILD_DIR });
    deb = fs.readdirSync(tmp).find((f) => /^dashcpp-dev_.*\.deb$/.test(f));
    assert.ok(deb, `cpack made a .deb:\n${out}`);
    deb = path.join(tmp, deb);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', deb],
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    installed = true;
  });

  after(async () => {
    if (browser) await browser.close();
    if (installed)
      run('dpkg', ['--remove', 'dashcpp-dev']);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the package declares its dependencies and holds the example config', () => {
    const depends = run('dpkg-deb', ['--field', deb, 'Depends']);
    for (const p of ['libcaf-dev', 'libboost-json1.81-dev', 'libspdlog-dev',
      'libssl-dev', 'liblmdb-dev', 'libhiredis-dev'])
      assert.ok(depends.includes(p), `Depends names ${p}: ${depends}`);
    for (const f of ['/usr/include/dash/dash.hpp',
      '/usr/share/dashcpp/frontend/dash-renderer/build/dash_renderer.min.js',
      '/usr/share/dashcpp/examples/dashcpp.ini'])
      assert.ok(fs.existsSync(f), `${f} installed`);
  });

  test('the template builds against /usr and runs', async () => {
    const dir = path.join(tmp, 'my_dashboard');
    const bin = buildTemplate(dir, null);
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const server = await startServer(bin,
      ['--assets-folder', path.join(dir, 'assets')],
      { cwd: elsewhere, env: { DASH_FRONTEND_DIR: '' } });
    try {
      assert.match(server.logs(),
        /front end loaded from \/usr\/share\/dashcpp\/frontend/);
      browser = await launch();
      await checkTemplatePage(browser, server.url);
    } finally {
      await server.stop();
    }
  });
});
