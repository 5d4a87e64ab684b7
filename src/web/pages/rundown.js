// The chair's page: the rundown with planned, actual and difference, the
// running total, ahead or behind, the projected end and the console's
// suggestion (read-only). Worked out from the anchors as the console's own
// rundown is.
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
    title: $('title'),
    where: $('where'),
    time: $('time'),
    words: $('words'),
    who: $('who'),
    message: $('message'),
    totals: $('totals'),
    suggestion: $('suggestion'),
    rows: $('rows'),
    said: $('said'),
  };
  var announced = null;
  var rendered = '';
  TK.onRender = function (ms, n) {
    TK.renderLink(el.link);
    var st = TK.stage,
      rd = TK.rundown,
      w = TK.w();
    if (!st || !st.phase || !rd || !rd.rows || !w) return undefined;
    TK.label();
    var c = TK.countdown(st, n, true);
    TK.renderChime(st, w);
    // The chime follows the speaker's countdown, as the console's bell does
    // (on a floor: the one at the microphone).
    var speaking = st.floor ? Object.assign({}, st, st.floor) : st;
    var kind = TK.cue(speaking, st.floor ? TK.countdown(speaking, n, true) : c);
    if (kind) TK.chime(kind);
    var say = c.state === 'over' ? TK.fill(w.over, '').trim() : c.words;
    if (say !== announced) {
      announced = say;
      el.said.textContent = say;
    }
    document.body.className = 'rundown s-' + c.state;
    set(el.title, st.title);
    var anchor = rd.anchor !== null ? rd.anchor : n;
    var where = [];
    if (rd.location) where.push(rd.location);
    if (rd.anchor !== null) where.push(TK.timeOfDay(rd.anchor) + '–' + TK.timeOfDay(rd.anchor + rd.budget));
    where.push(TK.timeOfDay(n, true));
    if (st.rehearsal) where.push(w.rehearsal);
    set(el.where, where.join(' · '));
    set(el.time, c.digits);
    set(el.words, c.words);
    set(el.who, st.speaker + (st.speaker !== st.segment ? ' — ' + st.segment : '') + ' (' + TK.fill(w.of, st.number, st.count) + ')' + (st.next ? ' · ' + TK.fill(w.next, st.next) : ''));
    el.message.hidden = !st.message;
    set(el.message, st.message ? '“' + st.message + '”' : '');

    var closed = st.phase === 'finished' || st.phase === 'ended';
    var base = TK.baseAt(st, rd, n);
    var projected = closed ? st.closed : base + rd.to_come;
    // One measure, as on the console: the projected end against the
    // scheduled end (start plus budget).
    var scheduledEnd = anchor + rd.budget;
    var late = projected - scheduledEnd;
    var used = st.started !== null ? (st.closed !== null ? st.closed : n) - st.started : 0;
    set(
      el.totals,
      w.session + ' ' + TK.fill('{}', TK.minutes(used) + ' / ' + TK.minutes(rd.budget)) + ' · ' +
        TK.fill(closed ? w.ended : w.projected_end, TK.timeOfDay(projected, true)) + ', ' + TK.lateness(late) +
        ' (' + TK.fill(w.scheduled, TK.timeOfDay(scheduledEnd, scheduledEnd % 60 !== 0)) + ')'
    );
    el.totals.className = 'totals ' + (late > 0 ? 'late' : late < 0 ? 'early' : '');
    var sg = rd.suggestion;
    el.suggestion.hidden = !sg;
    if (sg) {
      set(el.suggestion, (sg.kind === 'recovery' ? '⚠ ' + TK.fill(w.late, TK.clock(sg.needed)) + ' · ' : sg.kind === 'fit' ? '⚠ ' + w.list_long + ' · ' : '✓ ' + TK.fill(w.early, TK.clock(sg.needed)) + ' · ') + sg.text);
      el.suggestion.className = 'suggestion ' + sg.kind;
    }

    var running = rd.rows.map(function (row) {
      return row.state === 'running' ? TK.spoken(st, n) : null;
    });
    var expected = rd.rows.map(function (row) {
      return row.expected !== null ? base + row.expected : row.actual_start;
    });
    // Expected starts shown whenever one to come differs from the plan as
    // filed, as on the console.
    var expecting = !closed && rd.rows.some(function (row, i) {
      return row.state === 'not_started' && row.expected !== null && expected[i] !== anchor + row.scheduled;
    });
    document.body.classList.toggle('expecting', expecting);
    var seconds = rd.rows.some(function (row, i) {
      return (anchor + row.scheduled) % 60 !== 0 || (expected[i] !== null && expected[i] % 60 !== 0);
    });
    function startText(t) {
      return rd.anchor !== null ? TK.timeOfDay(t, seconds) : '+' + TK.minutes(t - anchor);
    }
    var html = [];
    var cells = rd.rows.map(function (row, i) {
      var actual = '',
        diff = null;
      if (row.state === 'done' && row.actual !== null) {
        actual = TK.clock(row.actual);
        diff = row.actual - row.given;
      } else if (row.state === 'running') {
        actual = TK.clock(running[i]);
        diff = running[i] - row.given > 0 ? running[i] - row.given : null;
      } else if (row.state === 'skipped') actual = w.skipped;
      var exp = row.state === 'skipped' || expected[i] === null ? '' : startText(expected[i]);
      var flag = row.added ? '+' : row.flexible ? '~' : '';
      var values = [
        String(i + 1) + flag,
        row.title,
        row.speaker || '',
        startText(anchor + row.scheduled),
        exp,
        TK.clock(row.given),
        actual,
        diff === null ? '' : TK.signed(diff),
      ];
      html.push(row.state + values.join('\u0001') + diff);
      return { row: row, values: values, diff: diff };
    });
    var key = TK.lang() + html.join('\u0002');
    if (key !== rendered) {
      rendered = key;
      var body = document.createDocumentFragment();
      cells.forEach(function (cell) {
        var tr = document.createElement('tr');
        tr.className = cell.row.state;
        cell.values.forEach(function (v, j) {
          var td = document.createElement('td');
          td.textContent = v;
          var cls = j === 0 || j >= 3 ? 'num' : '';
          if (j === 4) cls += ' expect';
          if (j === 7 && cell.diff !== null) cls += cell.diff > 0 ? ' late' : cell.diff < 0 ? ' early' : '';
          td.className = cls;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      el.rows.textContent = '';
      el.rows.appendChild(body);
    }
    return c.digits;
  };
  TK.start('/rundown/events');
})();
