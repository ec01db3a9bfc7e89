// tests/support/redis.js
// A redis-server of a test's own on a 127.0.0.1 port with its data in a
// temporary folder (append-only, so data survives a restart), and one-shot
// RESP commands to it. Stopped by PID.
'use strict';
const net = require('node:net');
const { spawn } = require('node:child_process');

const REDIS_SERVER = process.env.DASH_REDIS_SERVER || '/usr/bin/redis-server';

/// One Redis command over RESP; resolves to the reply's first line
/// ("+PONG", ":3", ...), rejects after `ms`.
function redisCommand(port, args, ms = 2000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`redis ${args[0]}: no answer in ${ms} ms`));
    }, ms);
    sock.on('connect', () => {
      let cmd = `*${args.length}\r\n`;
      for (const a of args) cmd += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
      sock.write(cmd);
    });
    sock.on('data', (c) => {
      data += c.toString('latin1');
      const eol = data.indexOf('\r\n');
      if (eol < 0) return;
      clearTimeout(timer);
      sock.destroy();
      resolve(data.slice(0, eol));
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

/// Starts redis-server on `port` with its data in `dir`. Resolves once it
/// answers PING to { proc, port, logs(), exited(), command(args), stop() }.
async function startRedis(dir, port) {
  const proc = spawn(REDIS_SERVER, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'yes', '--daemonize', 'no',
    '--protected-mode', 'yes', '--logfile', '',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c) => { output += c; });
  proc.stderr.on('data', (c) => { output += c; });
  let exited = null;
  const exit = new Promise((r) => proc.on('exit', (code, signal) => {
    exited = { code, signal };
    r(exited);
  }));
  const redis = {
    proc,
    port,
    logs: () => output,
    exited: () => exited,
    command: (args) => redisCommand(port, args),
    /// SIGTERM (Redis writes its append-only file and exits); SIGKILL
    /// after 5 s. Resumes a paused server first.
    async stop() {
      if (exited) return exited;
      proc.kill('SIGCONT');
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
      return exited;
    },
  };
  const end = Date.now() + 10000;
  for (;;) {
    try {
      if ((await redisCommand(port, ['PING'], 500)) === '+PONG') return redis;
    } catch { /* not up yet */ }
    if (exited || Date.now() > end) {
      await redis.stop();
      throw new Error(`redis-server did not start on ${port}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

module.exports = { redisCommand, startRedis };
