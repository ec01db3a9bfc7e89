// tests/integration/pattern_matching.test.js
// Pattern matching over HTTP against apps/pattern_matching: the
// dependencies carry dict ids as Dash's strings, MATCH/ALL requests are
// answered per concrete id, malformed wildcard requests get a 400 naming
// the field, and 50 MATCH firings at once are 50 answers.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');

const h = require('./helpers.js');

const MATCH_OUT = '{"index":["MATCH"],"type":"city-out"}.children';

/// The renderer's body for the MATCH callback of row `i` holding `value`.
function matchBody(i, value, { outIndex = i } = {}) {
  const input = { id: { index: i, type: 'city' }, property: 'value' };
  if (value !== undefined) input.value = value;
  return {
    output: MATCH_OUT,
    outputs: { id: { index: outIndex, type: 'city-out' }, property: 'children' },
    inputs: [input],
    changedPropIds: [`{"index":${i},"type":"city"}.value`],
  };
}

/// The renderer's body for the ALL summary over `values` (rows 1..n).
function allBody(values) {
  return {
    output: 'summary.children',
    outputs: { id: 'summary', property: 'children' },
    inputs: [values.map((v, k) => {
      const item = { id: { index: k + 1, type: 'city' }, property: 'value' };
      if (v !== undefined) item.value = v;
      return item;
    })],
    changedPropIds: [],
  };
}

describe('pattern matching over HTTP', { timeout: 60000 }, () => {
  let srv;
  let deps;

  before(async () => {
    srv = await h.start('pattern_matching', ['--delay-ms', '50']);
    deps = (await h.request(`${srv.url}/_dash-dependencies`)).json();
  });
  after(async () => { if (srv) await srv.stop(); });

  it('lists dict ids as Dash does: strings with sorted keys', () => {
    const match = deps.find((d) => d.output === MATCH_OUT);
    assert.ok(match, JSON.stringify(deps.map((d) => d.output)));
    assert.deepEqual(match.inputs,
      [{ id: '{"index":["MATCH"],"type":"city"}', property: 'value' }]);
    const note = deps.find((d) => d.output === 'note-echo.children');
    assert.deepEqual(note.inputs,
      [{ id: '{"index":0,"role":"note"}', property: 'value' }]);
    for (const d of deps)
      for (const dep of [...d.inputs, ...d.state])
        assert.equal(typeof dep.id, 'string', `${d.output}: ${JSON.stringify(dep)}`);
  });

  it('describes clientside callbacks, running and allow_duplicate', () => {
    const inline = deps.find((d) => d.output === 'filter-count.children');
    assert.equal(inline.clientside_function.namespace,
      '_dashprivate_clientside_funcs');
    assert.match(inline.clientside_function.function_name, /^[0-9a-f]{64}$/);
    const upper = deps.find((d) => d.output === 'note-upper.children');
    assert.deepEqual(upper.clientside_function,
      { namespace: 'demo', function_name: 'upper' });
    const slow = deps.find((d) => d.output === 'slow-output.children');
    assert.deepEqual(slow.running, {
      running: { 'slow.disabled': true },
      runningOff: { 'slow.disabled': false },
    });
    const clear = deps.find((d) => d.output.startsWith('status.children@'));
    assert.ok(clear, 'the allow_duplicate output has its @hash');
    assert.match(clear.output, /^status\.children@[0-9a-f]{64}$/);
    assert.equal(clear.prevent_initial_call, true);
  });

  it('answers a MATCH request under the concrete id', async () => {
    const res = await h.postUpdate(srv.url, matchBody(7, 'MTL'));
    assert.equal(res.status, 200, res.text());
    assert.deepEqual(res.json(), {
      multi: true,
      response: { '{"index":7,"type":"city-out"}': { children: 'Filter 7: MTL' } },
    });
    const none = await h.postUpdate(srv.url, matchBody(3));
    assert.equal(none.json().response['{"index":3,"type":"city-out"}'].children,
      'Filter 3: none');
  });

  it('answers an ALL request with the values in order', async () => {
    const res = await h.postUpdate(srv.url, allBody(['NYC', undefined, 'LA']));
    assert.equal(res.status, 200, res.text());
    assert.equal(res.json().response.summary.children, 'Selected: NYC, LA');
    const empty = await h.postUpdate(srv.url, allBody([]));
    assert.equal(empty.json().response.summary.children, 'Selected: none');
  });

  it('refuses malformed wildcard requests with a 400 naming the field',
    async () => {
      const cases = [
        ['a list where one value belongs', (() => {
          const b = matchBody(1, 'NYC');
          b.inputs = [[b.inputs[0]]];
          return b;
        })(), /inputs\[0\] should be one object/],
        ['one value where a list belongs', (() => {
          const b = allBody(['NYC']);
          b.inputs = [b.inputs[0][0]];
          return b;
        })(), /inputs\[0\] should be a list/],
        ['an id the pattern does not name', (() => {
          const b = allBody(['NYC', 'LA']);
          b.inputs[0][1].id = { index: 2, type: 'town' };
          return b;
        })(), /inputs\[0\]\[1\] should be a component matching/],
        ['MATCH values that disagree', matchBody(1, 'NYC', { outIndex: 2 }),
          /index = 1 but outputs has 2|index = 2 but inputs\[0\] has 1/],
        ['a wrong key set', (() => {
          const b = matchBody(1, 'NYC');
          b.inputs[0].id = { index: 1, type: 'city', extra: true };
          return b;
        })(), /inputs\[0\] should be a component matching/],
        ['an item without property', (() => {
          const b = allBody(['NYC']);
          delete b.inputs[0][0].property;
          return b;
        })(), /inputs\[0\]\[0\]\.property must be a string/],
      ];
      for (const [what, body, message] of cases) {
        const res = await h.postUpdate(srv.url, body);
        const err = h.assertJsonError(res, 400, 'bad_request');
        assert.match(err.message, message, what);
      }
      // The server still answers.
      const ok = await h.postUpdate(srv.url, matchBody(1, 'LA'));
      assert.equal(ok.status, 200);
    });

  it('refuses a request for a clientside callback', async () => {
    const res = await h.postUpdate(srv.url, {
      output: 'filter-count.children',
      outputs: { id: 'filter-count', property: 'children' },
      inputs: [{ id: 'add-filter', property: 'n_clicks', value: 1 }],
    });
    const err = h.assertJsonError(res, 400, 'bad_request');
    assert.match(err.message, /clientside/);
  });

  it('answers 50 MATCH firings at once, each under its own id', async () => {
    const agent = new (require('node:http').Agent)({ keepAlive: true,
      maxSockets: 50 });
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, k) =>
        h.postUpdate(srv.url, matchBody(k + 1, k % 2 ? 'LA' : 'NYC'),
          { agent })));
      answers.forEach((res, k) => {
        assert.equal(res.status, 200, res.text());
        const key = `{"index":${k + 1},"type":"city-out"}`;
        assert.deepEqual(Object.keys(res.json().response), [key]);
        assert.equal(res.json().response[key].children,
          `Filter ${k + 1}: ${k % 2 ? 'LA' : 'NYC'}`);
      });
    } finally {
      agent.destroy();
    }
  });

  it('sends set_props as sideUpdate with the Patch', async () => {
    const res = await h.postUpdate(srv.url, {
      output: 'dropdown-container.children',
      outputs: { id: 'dropdown-container', property: 'children' },
      inputs: [{ id: 'add-filter', property: 'n_clicks', value: 2 }],
      changedPropIds: ['add-filter.n_clicks'],
    });
    assert.equal(res.status, 200, res.text());
    const body = res.json();
    assert.deepEqual(body.sideUpdate, { status: { children: 'Added filter 2' } });
    const patch = body.response['dropdown-container'].children;
    assert.equal(patch.__dash_patch_update, '__dash_patch_update');
    assert.equal(patch.operations.length, 1);
    assert.equal(patch.operations[0].operation, 'Append');
  });
});

describe('callback context over HTTP', { timeout: 30000 }, () => {
  let srv;
  before(async () => { srv = await h.start('callback_features'); });
  after(async () => { if (srv) await srv.stop(); });

  it('gives a callback the request cookies, headers, path and remote',
    async () => {
      const res = await h.postUpdate(srv.url, {
        output: 'whoami-out.children',
        outputs: { id: 'whoami-out', property: 'children' },
        inputs: [{ id: 'whoami', property: 'n_clicks', value: 1 }],
        changedPropIds: ['whoami.n_clicks'],
      }, { headers: { 'User-Agent': 'ctx-test/1', Cookie: 'a=1; flavour=mint' } });
      assert.equal(res.status, 200, res.text());
      assert.equal(res.json().response['whoami-out'].children,
        'from 127.0.0.1 to /_dash-update-component agent=ctx-test/1 '
        + 'flavour=mint');
    });

  it('answers a no-output callback with its set_props only', async () => {
    const deps = (await h.request(`${srv.url}/_dash-dependencies`)).json();
    const ping = deps.find((d) => d.no_output
      && d.inputs.length === 1 && d.inputs[0].id === 'ping');
    assert.ok(ping, 'the no-output callback is listed');
    assert.match(ping.output, /^[0-9a-f]{64}$/);
    // The renderer leaves "outputs" out for such a callback.
    const res = await h.postUpdate(srv.url, {
      output: ping.output,
      inputs: [{ id: 'ping', property: 'n_clicks', value: 3 }],
      changedPropIds: ['ping.n_clicks'],
    });
    assert.equal(res.status, 200, res.text());
    assert.deepEqual(res.json(), {
      multi: true, response: {}, sideUpdate: { 'ping-out': { children: 'Pinged 3' } },
    });
  });
});
