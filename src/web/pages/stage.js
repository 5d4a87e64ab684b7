// The stage page: the time left or over as large as the screen allows, the
// state in the stage's words, the speaker, who is next, the message and the
// flash. Everything shown is worked out from the console's anchors.
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
  };
  function set(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }
  TK.onRender = function (ms, n) {
    TK.renderLink(el.link);
    var st = TK.stage;
    if (!st || !st.phase) return undefined;
    // On a floor, the speaker's countdown against their limit: the same
    // arithmetic on the intervention's own anchors.
    if (st.floor) st = Object.assign({}, st, st.floor);
    var c = TK.countdown(st, n, false);
    var cls = 'stage s-' + c.state;
    if (c.state === 'over' && TK.blinkOn(ms)) cls += ' blink';
    if (document.body.className !== cls) document.body.className = cls;
    document.documentElement.classList.toggle('flash', TK.flashOn(st, ms));
    set(el.speaker, st.speaker);
    set(el.next, st.next ? 'Next: ' + st.next : '');
    set(el.words, c.words);
    el.message.hidden = !st.message;
    set(el.message, st.message || '');
    el.rehearsal.hidden = !st.rehearsal;
    set(el.time, c.digits);
    TK.fit(el.time, el.box, 0.92);
    return c.digits;
  };
  TK.start('/events');
})();
