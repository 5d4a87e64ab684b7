// The hall page, for the room's big screen (read-only): the speaker on the
// floor and their time, the next two, how many are still to speak; with
// ?all=1 the whole order still to come. The time is the stage page's: the
// same anchors, the same arithmetic, the same clock kept in step.
// Its words are the console's table, in the language of whoever holds the
// floor (or ?lang=).
(function () {
  'use strict';
  var all = /[?&]all=1\b/.test(location.search);
  function $(id) {
    return document.getElementById(id);
  }
  var el = {
    time: $('time'),
    box: $('timebox'),
    words: $('words'),
    speaker: $('speaker'),
    next: $('next'),
    count: $('count'),
    order: $('order'),
    link: $('link'),
    rehearsal: $('rehearsal'),
  };
  function set(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }
  var shown = '';
  function list(node, entries) {
    // Rebuilt only when the names change: a frame a second stays cheap.
    var key = JSON.stringify(entries);
    if (node.dataset.key === key) return;
    node.dataset.key = key;
    while (node.firstChild) node.removeChild(node.firstChild);
    entries.forEach(function (e) {
      var li = document.createElement('li');
      li.textContent = e.name;
      if (e.past_cut) {
        li.className = 'past-cut';
        li.title = TK.w().hall_past_cut;
      }
      node.appendChild(li);
    });
  }
  TK.onRender = function (ms, n) {
    TK.renderLink(el.link);
    var st = TK.stage;
    var w = TK.w();
    if (!st || !st.phase || !w) return undefined;
    TK.label();
    var hall = st.hall;
    if (st.floor) st = Object.assign({}, st, st.floor);
    var c = TK.countdown(st, n, false);
    var cls = 'hall s-' + c.state;
    if (c.state === 'over' && TK.blinkOn(ms)) cls += ' blink';
    if (document.body.className !== cls) document.body.className = cls;
    el.rehearsal.hidden = !st.rehearsal;
    set(el.speaker, st.speaker);
    set(el.words, c.words);
    set(el.time, c.digits);
    TK.fit(el.time, el.box, 0.92);
    if (!hall) {
      list(el.next, []);
      set(el.count, w.hall_no_floor);
      el.order.hidden = true;
      return c.digits;
    }
    var toCome = hall.to_come;
    list(el.next, toCome.slice(0, 2).map(function (e, k) {
      return { name: k === 0 ? TK.fill(w.next, e.name) : e.name, past_cut: e.past_cut };
    }));
    set(el.count, toCome.length ? TK.fill(w.hall_still, toCome.length) : w.hall_none);
    el.order.hidden = !all || toCome.length === 0;
    if (all) list(el.order, toCome);
    shown = c.digits;
    return shown;
  };
  TK.followsSpeaker = true;
  TK.start('/events');
})();
