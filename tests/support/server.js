// tests/support/server.js
// Starts a dashcpp app binary on a free 127.0.0.1 port for node tests, reads
// its port from the log, collects its log lines, and stops it by PID.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const BUILD_DIR = process.env.DASH_BUILD_DIR
  || path.resolve(__dirname, '..', '..', 'build');

/// Starts `app` (a binary in build/bin, or an absolute path) with extra CLI
/// args, in `cwd` if given. Resolves to
/// { url, port, proc, logs(), count(regex), waitForLog(regex, ms), stop() }.
function startServer(app, args = [],
  { timeoutMs = 20000, env = {}, cwd = undefined } = {}) {
  const bin = path.isAbsolute(app) ? app : path.join(BUILD_DIR, 'bin', app);
  const proc = spawn(bin, ['--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    cwd,
  });
  let output = '';
  const onData = (chunk) => { output += chunk.toString(); };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
  });

  const api = {
    proc,
    logs: () => output,
    count: (re) => (output.match(new RegExp(re.source, 'g')) || []).length,
    exited: () => exited,
    async waitForLog(re, ms = 10000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const m = output.match(re);
        if (m) return m;
        if (exited) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`log line ${re} not seen within ${ms} ms; log:\n${output}`);
    },
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => { if (!exited) proc.kill('SIGKILL'); }, 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      return exited;
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${app} did not start within ${timeoutMs} ms; log:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const m = output.match(/listening on (https?):\/\/([\d.]+):(\d+)/);
      if (m) {
        clearTimeout(timer);
        proc.stdout.off('data', check);
        proc.stderr.off('data', check);
        api.port = Number(m[3]);
        api.url = `${m[1]}://127.0.0.1:${api.port}`;
        resolve(api);
      }
    };
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    proc.on('exit', () => {
      clearTimeout(timer);
      if (!api.url) reject(new Error(`${app} exited before listening; log:\n${output}`));
    });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

module.exports = { startServer, BUILD_DIR };
