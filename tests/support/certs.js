// tests/support/certs.js
// Test certificates made with the openssl CLI: a throwaway CA and server
// certificates it signs for 127.0.0.1 (P-256, two days). Used by the HTTPS
// integration and browser tests.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function openssl(args, opts = {}) {
  return execFileSync('openssl', args,
    { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/// A CA in `dir` (ca.pem, ca.key).
function makeCa(dir) {
  const ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca.key') };
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt',
    'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=dashcpp test CA', '-keyout', ca.key, '-out', ca.cert]);
  return ca;
}

/// A certificate for 127.0.0.1 named `cn`, signed by `ca`: { cert, key };
/// good for TLS servers and clients (cluster nodes are both).
function makeServerCert(dir, ca, cn) {
  const out = { cert: path.join(dir, `${cn}.pem`),
    key: path.join(dir, `${cn}.key`) };
  const csr = path.join(dir, `${cn}.csr`);
  const ext = path.join(dir, `${cn}.ext`);
  fs.writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'
    + 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n');
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-subj', `/CN=${cn}`, '-keyout', out.key, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key,
    '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', out.cert]);
  return out;
}

/// base64 SHA-256 of a certificate's public key (Chromium's
/// --ignore-certificate-errors-spki-list trusts exactly that key).
function spkiHash(certFile) {
  const pub = openssl(['x509', '-pubkey', '-noout', '-in', certFile]);
  const der = openssl(['pkey', '-pubin', '-outform', 'der'], { input: pub,
    stdio: ['pipe', 'pipe', 'pipe'] });
  return require('node:crypto').createHash('sha256').update(der)
    .digest('base64');
}

/// Runs `openssl s_client` against 127.0.0.1:`port` with `args`; resolves
/// to { ok, text } (ok: the handshake finished).
function sClient(port, args = []) {
  try {
    const text = execFileSync('openssl', ['s_client', '-connect',
      `127.0.0.1:${port}`, '-servername', 'localhost', ...args],
    { input: '', stdio: ['pipe', 'pipe', 'pipe'], timeout: 10000 })
      .toString();
    return { ok: /^\s*Protocol\s*:\s*TLS/m.test(text)
      || /New, TLSv1\.[23]/.test(text), text };
  } catch (e) {
    return { ok: false, text: `${e.stdout || ''}${e.stderr || ''}` };
  }
}

module.exports = { makeCa, makeServerCert, spkiHash, sClient, openssl };
