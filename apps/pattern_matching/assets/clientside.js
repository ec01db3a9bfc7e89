// apps/pattern_matching/assets/clientside.js
// Clientside functions of the pattern_matching app, run by the browser:
// dash_clientside.demo.upper shows the note in capitals.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  demo: Object.assign({}, (window.dash_clientside || {}).demo, {
    upper: (v) => (v || '').toUpperCase(),
  }),
});
