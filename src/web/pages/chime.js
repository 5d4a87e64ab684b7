// The chime for the timekeeper's earphones, on the chair's rundown and the
// remote (never the stage page: a chime at the podium is heard in six
// interpretation booths). Off until a tap turns it on (browsers let a page
// sound only after a tap anyway); synthesised with Web Audio, nothing
// fetched. The console's bell pattern: once at amber, twice at zero, once
// for every full minute over. `cues = "silent"` in the plan keeps it off.
(function () {
  'use strict';
  var button = document.getElementById('chime');
  var ctx = null;
  var on = false;
  TK.chimes = [];
  function tone(at, freq) {
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.4);
  }
  var RINGS = { amber: 1, zero: 2, minute: 1 };
  TK.chime = function (kind) {
    TK.chimes.push(kind);
    if (!on || !ctx || !RINGS[kind]) return;
    var t = ctx.currentTime + 0.02;
    for (var i = 0; i < RINGS[kind]; i++) tone(t + i * 0.45, kind === 'minute' ? 660 : 880);
  };
  var shown = null;
  TK.renderChime = function (st, w) {
    button.hidden = !!st.silent;
    if (st.silent) on = false;
    var text = st.silent ? w.silent : on ? w.chime_on : w.chime_off;
    if (shown !== text) {
      shown = text;
      button.textContent = text;
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
  };
  button.addEventListener('click', function () {
    on = !on;
    if (on && !ctx) {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx) ctx = new Ctx();
    }
    if (on && ctx) {
      ctx.resume();
      tone(ctx.currentTime + 0.02, 880);
    }
    shown = null;
    TK.render();
  });
})();
