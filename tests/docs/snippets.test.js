// tests/docs/snippets.test.js
// Keeps docs/ from rotting: every ```cpp block of docs/*.md is a whole file,
// compiled here against the source tree's headers with the project's
// compiler and warnings (-Werror).
'use strict';
const { describe, test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SOURCE_DIR = process.env.DASH_SOURCE_DIR
  || path.resolve(__dirname, '..', '..');
const CXX = process.env.DASH_CXX || 'c++';
const DOCS = path.join(SOURCE_DIR, 'docs');
const FLAGS = ['-std=c++20', '-Wall', '-Wextra', '-Wpedantic', '-Wshadow',
  '-Wnon-virtual-dtor', '-Wold-style-cast', '-Werror', '-c',
  `-I${SOURCE_DIR}`];

/// The ```cpp blocks of a markdown file: { line, code }.
function cppBlocks(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  let current = null;
  lines.forEach((text, i) => {
    if (current === null && /^```cpp\s*$/.test(text)) {
      current = { line: i + 1, code: [] };
    } else if (current !== null && /^```\s*$/.test(text)) {
      blocks.push({ line: current.line, code: current.code.join('\n') });
      current = null;
    } else if (current !== null) {
      current.code.push(text);
    }
  });
  assert.equal(current, null, `${file}: a code block is not closed`);
  return blocks;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dashcpp-docs-'));
const pages = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();

describe('docs/ code blocks compile', { timeout: 600000 }, () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the guide has code to check', () => {
    const total = pages.reduce(
      (n, p) => n + cppBlocks(path.join(DOCS, p)).length, 0);
    assert.ok(total >= 8, `only ${total} C++ blocks in docs/`);
  });

  for (const page of pages) {
    cppBlocks(path.join(DOCS, page)).forEach(({ line, code }, i) => {
      test(`docs/${page}:${line}`, () => {
        assert.match(code, /#include <dash\/dash\.hpp>/,
          'a block includes <dash/dash.hpp> as users do');
        const src = path.join(tmp, `${path.basename(page, '.md')}_${i}.cpp`);
        fs.writeFileSync(src, `${code}\n`);
        const r = spawnSync(CXX, [...FLAGS, src, '-o', `${src}.o`],
          { encoding: 'utf8' });
        assert.equal(r.status, 0,
          `docs/${page}:${line} does not compile:\n${r.stderr}`);
      });
    });
  }
});
