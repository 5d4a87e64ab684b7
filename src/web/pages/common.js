// timekeeper pages: what they share. The console sends anchors (when the
// segment started, its pauses, the time it has), never ticks; the page keeps
// its own clock in step with the console's (offset estimated NTP-style from
// the console's time stamps: several round trips, the shortest kept; again
// soon after, then less and less often while the offset holds, and at once
// after a jump, a reconnect or the page shown again) and flips on the
// console's second boundary. When its stream breaks, or a beat (every 15 s
// when nothing changes) is 3 s late, it says NO LINK and goes on counting
// from what it knows. Plain ES2017 for iOS Safari 15; no request
// to anything but the console.
//
// The words come from the console too: its first event (`words`) holds the
// six tables of src/lang, the stage's state names the speaker's language,
// and `?lang=` picks one for the page whatever the speaker's. Nothing here
// makes a sound: the chime lives in chime.js, which the stage page never
// loads.
(function () {
  'use strict';
  var TK = (window.TK = {});
  var perf = window.performance;
  var m = location.pathname.match(/^\/([sc])\/([A-Za-z0-9_-]+)/);
  TK.base = m ? m[0] : '';
  TK.mono = /[?&]mono\b/.test(location.search);
  // The console's clock = performance.now() + offset; until the first
  // round trip, this machine's own clock.
  TK.offset = Date.now() - perf.now();
  TK.rtt = null;
  TK.stage = null;
  TK.rundown = null;
  TK.control = null;
  TK.lastNews = null;
  TK.flips = [];
  TK.onRender = function () {};
  TK.words = null;
  // The page's own language (?lang=fr), or null: then the stage and hall
  // follow the speaker's, the chair's pages are in English.
  var LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
  var asked = (location.search.match(/[?&]lang=([a-zA-Z]{2})\b/) || [])[1];
  TK.langAsked = asked && LANGS.indexOf(asked.toLowerCase()) >= 0 ? asked.toLowerCase() : null;
  TK.followsSpeaker = false;

  TK.serverNow = function () {
    return perf.now() + TK.offset;
  };

  // ---- time and words, as the console writes them

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  TK.clock = function (s) {
    var sign = s < 0 ? '-' : '';
    s = Math.abs(s);
    var h = Math.floor(s / 3600),
      mi = Math.floor(s / 60) % 60,
      se = s % 60;
    return sign + (h > 0 ? h + ':' + pad(mi) + ':' + pad(se) : mi + ':' + pad(se));
  };
  TK.minutes = function (s) {
    var sign = s < 0 ? '-' : '';
    s = Math.abs(s);
    return sign + Math.floor(s / 60) + ':' + pad(s % 60);
  };
  TK.signed = function (s) {
    return s > 0 ? '+' + TK.clock(s) : s < 0 ? TK.clock(s) : '±0:00';
  };
  TK.lateness = function (s) {
    var w = TK.w();
    return s > 0 ? TK.fill(w.late, TK.clock(s)) : s < 0 ? TK.fill(w.early, TK.clock(-s)) : w.level;
  };

  // ---- the words, in the page's language

  TK.lang = function () {
    if (TK.langAsked) return TK.langAsked;
    if (TK.followsSpeaker && TK.stage && TK.stage.lang) return TK.stage.lang;
    return 'en';
  };
  // The table to show; null until the console's words arrived.
  TK.w = function () {
    return TK.words ? TK.words[TK.lang()] || TK.words.en : null;
  };
  TK.rtl = function () {
    return TK.lang() === 'ar';
  };
  // A word with its blanks filled in; right to left, each value in an
  // isolate of its own direction (FSI … PDI: a time left to right, so
  // +1:05 never reads 1:05+; a name in Arabic right to left).
  TK.fill = function (word) {
    var rest = Array.prototype.slice.call(arguments, 1);
    return word.replace(/\{\}/g, function () {
      var v = String(rest.shift());
      return TK.rtl() ? '\u2068' + v + '\u2069' : v;
    });
  };
  // The page's static words (data-w: its text; data-wp: its placeholder;
  // data-wl: its accessible name) and its language and direction, when
  // they change.
  var labelled = null;
  TK.label = function () {
    var w = TK.w();
    if (!w) return;
    var lang = TK.lang();
    if (labelled === lang) return;
    labelled = lang;
    var root = document.documentElement;
    root.lang = lang === 'zh' ? 'zh-Hans' : lang;
    root.dir = TK.rtl() ? 'rtl' : 'ltr';
    document.querySelectorAll('[data-w]').forEach(function (node) {
      node.textContent = w[node.getAttribute('data-w')];
    });
    document.querySelectorAll('[data-wp]').forEach(function (node) {
      node.placeholder = w[node.getAttribute('data-wp')];
    });
    document.querySelectorAll('[data-wl]').forEach(function (node) {
      node.setAttribute('aria-label', w[node.getAttribute('data-wl')]);
    });
  };
  // A time of day in the console's UTC offset.
  TK.timeOfDay = function (s, seconds) {
    var off = TK.stage ? TK.stage.utc_offset : 0;
    var d = new Date((s + off) * 1000);
    var t = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
    return seconds ? t + ':' + pad(d.getUTCSeconds()) : t;
  };

  // Seconds the current segment has been spoken at second n: Run::spoken.
  TK.spoken = function (st, n) {
    if (st.start === null) return 0;
    var until = st.end !== null ? st.end : n;
    var paused = 0;
    st.pauses.forEach(function (p) {
      var a = Math.max(p[0], st.start);
      var b = Math.min(p[1] === null ? n : p[1], until);
      paused += Math.max(b - a, 0);
    });
    return Math.max(until - st.start - paused, 0);
  };

  // Where the segments still to come start from at second n.
  TK.baseAt = function (st, rd, n) {
    if (st.phase === 'ready') return Math.max(n, rd && rd.anchor !== null ? rd.anchor : n);
    if (st.phase === 'running' || st.phase === 'paused')
      return n + Math.max(st.allowed - TK.spoken(st, n), 0);
    return st.closed !== null ? st.closed : n;
  };

  // The state's word in a table: the stage's, or the console's.
  var STAGE_KEYS = {
    ready: 'starting_soon',
    ontime: 'on_time',
    amber: 'wrap_up',
    red: 'conclude',
    paused: 'paused',
    finished: 'thank_you',
  };
  var CONSOLE_KEYS = {
    ready: 'ready',
    ontime: 'on_time',
    amber: 'amber',
    red: 'red',
    paused: 'paused',
    finished: 'finished',
  };

  // The countdown at second n: Run::at's countdown, countdown_text's digits
  // and the stage's words (or the console's, for `console`).
  TK.countdown = function (st, n, console) {
    var left = st.allowed - TK.spoken(st, n);
    var state;
    if (st.phase === 'ready') state = 'ready';
    else if (st.phase === 'finished' || st.phase === 'ended') state = 'finished';
    else if (st.phase === 'paused') state = 'paused';
    else if (left <= 0) state = 'over';
    else if (left <= st.red) state = 'red';
    else if (left <= st.amber) state = 'amber';
    else state = 'ontime';
    var digits;
    if (state === 'over') digits = '+' + TK.clock(-left);
    else if (state === 'finished')
      digits = TK.clock(st.started !== null && st.closed !== null ? st.closed - st.started : 0);
    else digits = TK.clock(Math.max(left, 0));
    var w = TK.w();
    var words = state === 'over' ? TK.fill(w.over, '+' + TK.clock(-left)) : w[(console ? CONSOLE_KEYS : STAGE_KEYS)[state]];
    // A point of order on a floor: the speaker's time frozen, said in words.
    if (st.order !== undefined && st.order !== null) {
      state = 'paused';
      words = w.point_of_order;
    }
    if (!console && state === 'ready' && st.plan_start !== null) {
      var until = st.plan_start - n;
      if (until > 0) words = TK.fill(w.starts_in, TK.clock(until));
      else if (until < 0) words = TK.fill(w.starting_late, '+' + TK.clock(-until));
    }
    return { state: state, left: left, digits: digits, words: words };
  };

  var FLASH_MILLIS = 3000,
    FLASH_PHASE = 500;
  TK.flashOn = function (st, ms) {
    if (st.flash === null) return false;
    var d = ms - st.flash;
    return d >= 0 && d < FLASH_MILLIS && Math.floor(d / FLASH_PHASE) % 2 === 0;
  };
  // The OVER digits are inverted in the first half of each second.
  TK.blinkOn = function (ms) {
    return ((ms % 1000) + 1000) % 1000 < 500;
  };

  // ---- the clock: offset from the console's time stamps

  // A sync is SYNC_ROUNDS round trips back to back, the shortest kept. The
  // next comes SYNC_SOON later; each time the offset held (moved by less
  // than SYNC_HELD ms beyond half the round trip) the wait doubles, up to
  // SYNC_LONGEST: a clock drifting 50 ppm moves 15 ms in 5 minutes. A jump
  // (a beat's time stamp away from ours), a reconnect or the page shown
  // again syncs at once and starts the back-off over. A failed sync tries
  // again after SYNC_SOON.
  var SYNC_ROUNDS = 5,
    SYNC_SOON = 15000,
    SYNC_LONGEST = 300000,
    SYNC_HELD = 20;
  var syncing = false,
    synced = null,
    syncWait = SYNC_SOON,
    syncTimer = null;
  function syncLater(wait) {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(TK.sync, wait);
  }
  // `afresh`: after a jump, a reconnect, the page shown again.
  TK.sync = function (afresh) {
    if (afresh === true) syncWait = SYNC_SOON;
    if (syncing) return;
    syncing = true;
    clearTimeout(syncTimer);
    var best = null,
      rounds = 0;
    function round() {
      var t0 = perf.now();
      fetch(TK.base + '/time', { cache: 'no-store' })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (j) {
          var t1 = perf.now();
          var sample = { rtt: t1 - t0, offset: j.t - (t0 + t1) / 2 };
          if (best === null || sample.rtt < best.rtt) best = sample;
          TK.offset = best.offset;
          TK.rtt = best.rtt;
          rounds += 1;
          if (rounds < SYNC_ROUNDS) round();
          else {
            syncing = false;
            var held = synced !== null && Math.abs(best.offset - synced) < SYNC_HELD + best.rtt / 2;
            syncWait = held ? Math.min(syncWait * 2, SYNC_LONGEST) : SYNC_SOON;
            synced = best.offset;
            syncLater(syncWait);
            TK.schedule();
          }
        })
        .catch(function () {
          syncing = false;
          syncLater(SYNC_SOON);
        });
    }
    round();
  };
  // A beat carries the console's time when it was sent: it cannot be ahead
  // of ours, nor behind by more than the trip. Further off, our offset is
  // stale (the console's clock stepped, this device slept): sync again.
  function checkBeat(e) {
    var t;
    try {
      t = JSON.parse(e.data).t;
    } catch (err) {
      return;
    }
    if (typeof t !== 'number' || synced === null || syncing) return;
    var behind = TK.serverNow() - t;
    if (behind < -SYNC_HELD - TK.rtt || behind > 1000 + TK.rtt) TK.sync(true);
  }

  // ---- the link: an EventSource, watched

  // The console beats every 15 s when nothing changes (server::HEARTBEAT):
  // seldom enough to let a phone's radio sleep, often enough for proxies.
  var HEARTBEAT = 15000,
    LINK_QUIET = HEARTBEAT + 3000;
  var source = null;
  var broken = false;
  var kinds = ['words', 'stage', 'rundown', 'control'];
  function news() {
    TK.lastNews = perf.now();
    broken = false;
  }
  TK.connect = function (path) {
    TK.path = path;
    if (source) source.close();
    source = new EventSource(TK.base + path);
    kinds.forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        news();
        try {
          TK[kind] = JSON.parse(e.data);
        } catch (err) {
          return;
        }
        TK.render();
      });
    });
    source.addEventListener('beat', function (e) {
      news();
      checkBeat(e);
      TK.render();
    });
    source.onerror = function () {
      // The stream broke (the console quit, the network went): say so now,
      // not when the next beat is late.
      broken = true;
      // A refused answer (a console restarted without the same links)
      // closes the source for good: try again a little later.
      if (source && source.readyState === 2) setTimeout(TK.reconnect, 2000);
      TK.render();
    };
  };
  TK.reconnect = function () {
    TK.connect(TK.path);
    TK.sync(true);
  };
  // Seconds without news from the console, or null when the link is fine.
  TK.noLink = function () {
    if (TK.lastNews === null) return perf.now() > 3000 ? Math.floor(perf.now() / 1000) : null;
    var quiet = perf.now() - TK.lastNews;
    return quiet > LINK_QUIET || broken ? Math.floor(quiet / 1000) : null;
  };
  // A stream that went quiet (a laptop asleep, a half-open connection) is
  // not waited on: once a beat is late, a new one, every 6 s.
  var attempted = 0;
  setInterval(function () {
    var now = perf.now();
    if (TK.path && now - (TK.lastNews || 0) > LINK_QUIET && now - attempted > 6000) {
      attempted = now;
      TK.reconnect();
    }
  }, 2000);

  TK.renderLink = function (el) {
    var quiet = TK.noLink();
    // Before the console's words arrive, the page can only say it in English.
    var w = TK.w() || { connecting: 'CONNECTING', no_link: 'NO LINK {}' };
    if (quiet === null && TK.lastNews === null) {
      el.textContent = w.connecting;
      el.className = 'link waiting';
    } else if (quiet === null && TK.rundown && TK.rundown.not_recording) {
      // As the console says it: nothing from here on reaches its disk.
      el.textContent = TK.fill(w.not_recording, TK.rundown.not_recording);
      el.className = 'link lost';
    } else if (quiet === null) {
      el.textContent = w.link_ok;
      el.className = 'link ok';
    } else {
      el.textContent = TK.fill(w.no_link, TK.clock(quiet));
      el.className = 'link lost';
    }
  };

  // ---- cues: what the console's bell rings for, as an event

  // 'amber' on reaching amber, 'zero' at zero, 'minute' for every full
  // minute over (the console's bells: once, twice, once), or null. The same
  // speaker only: a new segment or a new speaker on the floor starts afresh.
  var cueWas = null;
  TK.cue = function (st, c) {
    var who = st.number + ':' + (st.floor ? st.floor.start : '');
    var was = cueWas;
    cueWas = { who: who, state: c.state, over: c.state === 'over' ? Math.floor(-c.left / 60) : -1 };
    if (!was || was.who !== who || (st.order !== undefined && st.order !== null)) return null;
    if (was.state === 'ontime' && c.state === 'amber') return 'amber';
    if ((was.state === 'ontime' || was.state === 'amber' || was.state === 'red') && c.state === 'over') return 'zero';
    if (was.state === 'over' && c.state === 'over' && cueWas.over > was.over) return 'minute';
    return null;
  };

  // ---- rendering on the console's boundaries

  var timer = null;
  var shown = null;
  TK.render = function () {
    var ms = TK.serverNow();
    var text = TK.onRender(ms, Math.floor(ms / 1000));
    if (text !== undefined && text !== shown) {
      shown = text;
      // When each visible change happened, against the true second: what
      // the benchmark and the browser test read.
      TK.flips.push(Date.now());
      if (TK.flips.length > 120) TK.flips.shift();
    }
  };
  // The next instant anything shown changes: the next second, the next
  // half second while OVER blinks, the next phase of a flash.
  function nextChange(ms) {
    var step = 1000;
    var st = TK.stage;
    if (st && st.phase === 'running' && st.allowed - TK.spoken(st, Math.floor(ms / 1000)) <= 0) step = 500;
    var next = (Math.floor(ms / step) + 1) * step;
    if (st && st.flash !== null && ms - st.flash < FLASH_MILLIS && ms >= st.flash) {
      var phase = st.flash + (Math.floor((ms - st.flash) / FLASH_PHASE) + 1) * FLASH_PHASE;
      next = Math.min(next, phase);
    }
    return next;
  }
  TK.schedule = function () {
    clearTimeout(timer);
    var ms = TK.serverNow();
    // A millisecond past the boundary, so the new second is the one shown.
    timer = setTimeout(tick, Math.max(nextChange(ms) - ms + 1, 1));
  };
  function tick() {
    TK.render();
    TK.schedule();
  }

  TK.start = function (path) {
    if (TK.mono) document.documentElement.classList.add('mono');
    TK.connect(path);
    TK.sync(true);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        TK.sync(true);
        TK.render();
        TK.schedule();
        wakeLock();
      }
    });
    window.addEventListener('resize', function () {
      shown = null;
      TK.render();
    });
    TK.render();
    TK.schedule();
    wakeLock();
  };

  // Keep the screen on where the browser allows it (a secure context: on
  // plain HTTP over the network it does not).
  function wakeLock() {
    if (navigator.wakeLock && !document.hidden) {
      navigator.wakeLock.request('screen').catch(function () {});
    }
  }

  // Text fitted to a box: as large as both its width and height allow.
  TK.fit = function (el, box, maxHeightShare) {
    el.style.fontSize = '100px';
    var w = el.scrollWidth || 1,
      h = el.scrollHeight || 1;
    var size = Math.min((box.clientWidth * 0.96 * 100) / w, (box.clientHeight * (maxHeightShare || 1) * 100) / h);
    el.style.fontSize = Math.max(Math.floor(size), 8) + 'px';
  };
})();
