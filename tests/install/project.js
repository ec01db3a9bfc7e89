// tests/install/project.js
// Helpers of the install tests: install the build into a prefix, build the
// template (templates/app) as a separate project against a prefix, and
// check the running template in Chromium.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BUILD_DIR } = require('../support/server.js');
const { openPage, gotoApp, waitForIdle, poll } = require('../e2e/browser.js');

const SOURCE_DIR = process.env.DASH_SOURCE_DIR
  || path.resolve(__dirname, '..', '..');
const TITLE = 'My dashboard';

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args,
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout}\n${e.stderr}`);
  }
}

/// A fresh temporary folder, removed by the caller.
function tempDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dashcpp-${tag}-`));
}

/// `cmake --install` of the tested build into `prefix` (no rebuild).
function installInto(prefix) {
  run('cmake', ['--install', BUILD_DIR, '--prefix', prefix]);
}

/// Copies templates/app to `dir` and builds it against `prefix` (null: the
/// system's, as after `apt install`). Returns the program's path.
function buildTemplate(dir, prefix) {
  fs.cpSync(path.join(SOURCE_DIR, 'templates', 'app'), dir,
    { recursive: true });
  const args = ['-S', dir, '-B', path.join(dir, 'build'),
    '-DCMAKE_BUILD_TYPE=Release'];
  if (prefix) args.push(`-DCMAKE_PREFIX_PATH=${prefix}`);
  run('cmake', args);
  run('cmake', ['--build', path.join(dir, 'build'), '-j2']);
  const bin = path.join(dir, 'build', 'my_dashboard');
  assert.ok(fs.existsSync(bin), `${bin} was built`);
  return bin;
}

/// The template's page renders, its callback answers the first render and
/// a change of the input, and its assets/ stylesheet is linked.
async function checkTemplatePage(browser, url) {
  const watched = await openPage(browser);
  const { page } = watched;
  try {
    await gotoApp(watched, url, TITLE);
    await page.locator('h1').getByText(TITLE).waitFor();
    await poll(() => page.innerText('#greeting'),
      (t) => t.trim() === 'Hello, world, in red!', { what: '#greeting' });
    await page.locator('#name').fill('dashcpp');
    await poll(() => page.innerText('#greeting'),
      (t) => t.trim() === 'Hello, dashcpp, in red!',
      { what: '#greeting after typing' });
    await waitForIdle(watched, TITLE);
    const ok = watched.callbacksFor('greeting.children')
      .filter((c) => c.status === 200);
    assert.ok(ok.length >= 2, 'callback answered twice');
    const css = await page.evaluate(() => [...document.querySelectorAll(
      'link[rel=stylesheet]')].map((l) => l.getAttribute('href')));
    assert.ok(css.includes('/assets/style.css'), `stylesheets: ${css}`);
    assert.deepEqual(watched.problems(), []);
  } finally {
    await watched.context.close();
  }
}

module.exports = {
  SOURCE_DIR, run, tempDir, installInto, buildTemplate, checkTemplatePage,
};
