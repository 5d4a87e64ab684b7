// The remote: big buttons for the console's keys. Every command is a POST
// to the console's API, carried out there exactly as a key (the journal
// first) and answered with "done" or the console's reason for refusing.
(function () {
  'use strict';
  function $(id) {
    return document.getElementById(id);
  }
  function set(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }
  var el = {
    link: $('link'),
    time: $('time'),
    words: $('words'),
    speaker: $('speaker'),
    next: $('next'),
    undoWhat: $('undo-what'),
    redoWhat: $('redo-what'),
    applyWhat: $('apply-what'),
    message: $('message'),
    answer: $('answer'),
    startPause: $('start-pause'),
    apply: $('apply'),
    undo: $('undo'),
    redo: $('redo'),
    clear: $('clear'),
    presets: $('presets'),
    said: $('said'),
  };
  var announced = null;
  var answerTimer = null;
  function say(text, ok) {
    el.answer.textContent = text;
    el.answer.className = 'answer ' + (ok ? 'ok' : 'refused');
    clearTimeout(answerTimer);
    answerTimer = setTimeout(function () {
      el.answer.textContent = '';
      el.answer.className = 'answer';
    }, 4000);
  }
  function send(command, body, button) {
    if (button) {
      // A double tap is one press.
      button.disabled = true;
      setTimeout(function () {
        button.disabled = false;
        TK.render();
      }, 600);
    }
    var init = { method: 'POST', cache: 'no-store' };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    fetch(TK.base + '/api/' + command, init)
      .then(function (r) {
        return r.json().catch(function () {
          return { ok: false, error: 'HTTP ' + r.status };
        });
      })
      .then(function (j) {
        if (j.ok) say(command.replace('/', ' ') + ': done', true);
        else say(j.refused || j.error || 'refused', false);
      })
      .catch(function () {
        say('no link to the console: not sent', false);
      });
  }
  document.querySelectorAll('button[data-command]').forEach(function (button) {
    button.addEventListener('click', function () {
      send(button.getAttribute('data-command'), undefined, button);
    });
  });
  $('free').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('text').value.trim();
    if (!text) return;
    send('message', { text: text, pinned: $('pinned').checked });
    $('text').value = '';
  });
  $('add-speaker').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = $('speaker-name').value.trim();
    if (!name) return;
    send('add-speaker', { name: name });
    $('speaker-name').value = '';
  });
  var presetsShown = null;
  // A preset's placeholders are filled in by the console when it is sent;
  // on its button they read as what they will be.
  var PLACEHOLDERS = {
    '{left}': '‹time left›',
    '{speaker}': '‹speaker›',
    '{next_speaker}': '‹next speaker›',
    '{end}': '‹end›'
  };
  function readable(text) {
    return text.replace(/\{(left|speaker|next_speaker|end)\}/g, function (p) {
      return PLACEHOLDERS[p];
    });
  }
  function renderPresets(presets) {
    var key = JSON.stringify(presets);
    if (key === presetsShown) return;
    presetsShown = key;
    el.presets.textContent = '';
    presets.forEach(function (text, i) {
      var b = document.createElement('button');
      b.textContent = i + 1 + ': ' + readable(text);
      b.className = 'preset';
      b.addEventListener('click', function () {
        send('preset/' + (i + 1), undefined, b);
      });
      el.presets.appendChild(b);
    });
  }
  TK.onRender = function (ms, n) {
    TK.renderLink(el.link);
    var st = TK.stage,
      w = TK.w();
    if (!st || !st.phase || !w) return undefined;
    TK.label();
    $('floor').hidden = !st.on_floor;
    var speaking = st.floor ? Object.assign({}, st, st.floor) : st;
    var c = TK.countdown(speaking, n, true);
    TK.renderChime(st, w);
    var kind = TK.cue(speaking, c);
    if (kind) TK.chime(kind);
    var say = c.state === 'over' ? TK.fill(w.over, '').trim() : c.words;
    if (say !== announced) {
      announced = say;
      el.said.textContent = say;
    }
    document.body.className = 'remote s-' + c.state;
    set(el.time, c.digits);
    set(el.words, c.words);
    set(el.speaker, st.floor ? speaking.speaker : st.speaker + ' (' + TK.fill(w.of, st.number, st.count) + ')');
    set(el.next, speaking.next ? TK.fill(w.next, speaking.next) : '');
    el.message.hidden = !st.message;
    set(el.message, st.message ? '“' + st.message + '”' : '');
    set(el.startPause, st.phase === 'ready' ? w.start_button : st.phase === 'paused' ? w.resume_button : st.phase === 'running' ? w.pause_button : w.run_over);
    el.clear.hidden = !st.message;
    var rd = TK.rundown;
    var sg = rd && rd.suggestion;
    el.apply.hidden = !(sg && sg.applicable);
    if (sg) set(el.applyWhat, sg.text);
    var ctl = TK.control;
    if (ctl && ctl.presets) {
      renderPresets(ctl.presets);
      set(el.undoWhat, ctl.undo || '');
      set(el.redoWhat, ctl.redo || '');
      el.undo.classList.toggle('idle', !ctl.undo);
      el.redo.classList.toggle('idle', !ctl.redo);
    }
    return c.digits;
  };
  TK.start('/events');
})();
