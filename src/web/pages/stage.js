// The stage page: the time left or over as large as the screen allows, the
// state in the stage's words (the speaker's language, or ?lang=), the
// speaker, who is next, the message (at least half the height of the
// digits, wrapping rather than shrinking) and the flash. Everything shown is
// worked out from the console's anchors.
//
// It never makes a sound: in a room with interpreters every open
// microphone feeds six booths. A phone may vibrate instead (amber, zero,
// each minute over; a pattern each) once the speaker allows it with a tap;
// the Vibration API works in Chrome on Android, not in Safari on iOS,
// where the button is never shown.
(function () {
  'use strict';
  function $(id) {
    return document.getElementById(id);
  }
  var el = {
    time: $('time'),
    box: $('timebox'),
    words: $('words'),
    speaker: $('speaker'),
    next: $('next'),
    message: $('message'),
    link: $('link'),
    rehearsal: $('rehearsal'),
    vibrate: $('vibrate'),
    said: $('said'),
  };
  function set(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }
  TK.followsSpeaker = true;

  // ---- vibration, once allowed
  var PATTERNS = { amber: [300], zero: [400, 150, 400], minute: [100, 100, 100, 100, 100] };
  var canVibrate = typeof navigator.vibrate === 'function';
  var vibrating = false;
  TK.vibrations = [];
  el.vibrate.addEventListener('click', function () {
    vibrating = !vibrating;
    // A first short buzz says it works.
    if (vibrating) navigator.vibrate(50);
    shownButton = null;
    TK.render();
  });
  var shownButton = null;
  function renderVibrate(st, w) {
    var show = canVibrate && !st.silent;
    el.vibrate.hidden = !show;
    if (!show) vibrating = false;
    var text = vibrating ? w.vibration_on : w.allow_vibration;
    if (shownButton !== text) {
      shownButton = text;
      el.vibrate.textContent = text;
      el.vibrate.setAttribute('aria-pressed', vibrating ? 'true' : 'false');
    }
  }
  function cue(kind) {
    TK.vibrations.push(kind);
    if (vibrating && PATTERNS[kind]) navigator.vibrate(PATTERNS[kind]);
  }

  // ---- the time and the message share the screen: the largest time whose
  // message, at half its size and broken only between words, still leaves
  // it room.
  var laidOut = null;
  function fits(size) {
    el.message.style.fontSize = Math.ceil(size / 2) + 'px';
    TK.fit(el.time, el.box, 0.92);
    return parseFloat(el.time.style.fontSize) >= Math.floor(size) && el.message.scrollWidth <= el.message.clientWidth + 1;
  }
  function layout(digits) {
    var key = [digits.length, el.message.hidden ? '' : el.message.textContent, window.innerWidth, window.innerHeight].join('\u0001');
    if (key === laidOut) return;
    laidOut = key;
    el.message.style.overflowWrap = '';
    if (el.message.hidden) {
      el.message.style.fontSize = '';
      TK.fit(el.time, el.box, 0.92);
      return;
    }
    el.message.style.overflowWrap = 'normal';
    var lo = 8,
      hi = Math.max(window.innerHeight, 16),
      best = 0;
    for (var i = 0; i < 12; i++) {
      var mid = (lo + hi) / 2;
      if (fits(mid)) {
        best = mid;
        lo = mid;
      } else hi = mid;
    }
    // A word too long for any line (a link) is broken after all.
    if (best === 0) {
      el.message.style.overflowWrap = '';
      best = 8;
    }
    el.message.style.fontSize = Math.ceil(best / 2) + 'px';
    el.time.style.fontSize = Math.floor(best) + 'px';
  }
  window.addEventListener('resize', function () {
    laidOut = null;
  });

  var announced = null;
  TK.onRender = function (ms, n) {
    TK.renderLink(el.link);
    var st = TK.stage;
    var w = TK.w();
    if (!st || !st.phase || !w) return undefined;
    TK.label();
    // On a floor, the speaker's countdown against their limit: the same
    // arithmetic on the intervention's own anchors.
    if (st.floor) st = Object.assign({}, st, st.floor);
    var c = TK.countdown(st, n, false);
    var cls = 'stage s-' + c.state;
    if (c.state === 'over' && TK.blinkOn(ms)) cls += ' blink';
    if (document.body.className !== cls) document.body.className = cls;
    document.documentElement.classList.toggle('flash', TK.flashOn(st, ms));
    set(el.speaker, st.speaker);
    set(el.next, st.next ? TK.fill(w.next, st.next) : '');
    set(el.words, c.words);
    el.message.hidden = !st.message;
    set(el.message, st.message || '');
    el.rehearsal.hidden = !st.rehearsal;
    set(el.time, c.digits);
    layout(c.digits);
    renderVibrate(st, w);
    var kind = TK.cue(st, c);
    if (kind) cue(kind);
    // A screen reader hears the state when it changes (a threshold, over,
    // a message), never the seconds.
    var say = (c.state === 'over' ? TK.fill(w.over, '') : c.state === 'ready' ? w.starting_soon : c.words) + (st.message ? ' · ' + st.message : '');
    if (say !== announced) {
      announced = say;
      el.said.textContent = say.trim();
    }
    return c.digits;
  };
  TK.start('/events');
})();
