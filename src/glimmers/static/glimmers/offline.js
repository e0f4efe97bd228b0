// Glimmers on a phone with no connection (docs/phone.md): registers the
// service worker, keeps a glimmer caught offline in the queue (queue.js),
// sends the queue when the connection comes back, says calmly what waits,
// fills in a share from another app, and forgets everything on sign-out.
// Every word it shows is written by the server (base.html, data-words).
(function () {
  "use strict";
  var Q = window.GlimmersQueue;
  var home = document.getElementById("queue-status");
  if (!Q || !home || !window.indexedDB) return;

  var user = home.dataset.user || "";
  var words = {};
  try { words = JSON.parse(home.dataset.words || "{}"); } catch (error) { words = {}; }
  var lang = document.documentElement.lang || "en";
  var line = document.querySelector("[data-queue-status-near]") || home;
  var worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;
  var showingWaiting = false;

  // The sentence for n, in the form the language uses for n ("{n}" is the number).
  function counted(forms, n) {
    if (!forms) return "";
    var chosen = forms[n === 1 ? "1" : "2"];
    try {
      var rules = new Intl.PluralRules(lang);
      var category = rules.select(n);
      var match = Object.keys(forms).filter(function (k) { return rules.select(Number(k)) === category; })[0];
      if (match) chosen = forms[match];
    } catch (error) { /* an old browser: one and many */ }
    return chosen.replace("{n}", n.toLocaleString(lang));
  }

  function csrf() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function session() {
    return { user: user, csrf: csrf(), api: home.dataset.api };
  }

  // What waits, what was just saved, and anything the server would not take.
  function render(report) {
    return Q.waiting(user).then(function (items) {
      var texts = [];
      if (report && report.saved) texts.push(counted(words.saved, report.saved));
      if (items.length) {
        var signIn = !user || (report && report.signIn);
        texts.push(counted(signIn ? words.sign_in : words.waiting, items.length));
      }
      items.forEach(function (item) {
        if (item.problem && words.problem) texts.push(words.problem.replace("{message}", item.problem));
      });
      ((report && report.photoProblems) || []).forEach(function (message) {
        if (words.photo_problem) texts.push(words.photo_problem.replace("{message}", message));
      });
      if (texts.length) {
        line.textContent = texts.join(" ");
        line.hidden = false;
      } else if (showingWaiting) {
        line.textContent = "";
        line.hidden = true;
      }
      showingWaiting = items.length > 0;
      line.dataset.waiting = String(items.length);
      return items.length;
    }).catch(function () { return 0; });
  }

  function replay() {
    if (!user || !navigator.onLine) return render(null);
    return Q.replay(session()).then(render, function () { return render(null); });
  }

  function askForSync() {
    if (!worker) return;
    worker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("glimmers-queue");
    }).catch(function () { /* no Background Sync: the next page or "online" sends it */ });
  }

  // --- Catching a glimmer with no connection -------------------------------

  function plainChecked(form, name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]:checked');
    return Array.prototype.map.call(boxes, function (box) { return box.dataset.plain || ""; })
      .filter(Boolean);
  }

  function names(value) {
    return String(value || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // The capture form as the API takes it: senses by slug, people by name, and
  // the moment of capture as the time noticed (not the moment it is sent).
  function itemFrom(form, caughtAt) {
    var data = new FormData(form);
    var payload = {};
    var text = String(data.get("text") || "").trim();
    if (text) payload.text = text;
    var when = data.get("noticed_at");
    payload.noticed_at = when ? String(when) : new Date(caughtAt).toISOString();
    ["kind", "period", "state_before", "state_after", "place", "gratitude", "surprise"].forEach(function (name) {
      var value = data.get(name);
      if (typeof value === "string" && value.trim()) payload[name] = value.trim();
    });
    var seconds = parseInt(data.get("anchored_seconds"), 10);
    if (!isNaN(seconds)) payload.anchored_seconds = seconds;
    if (form.elements.reliable && form.elements.reliable.checked) payload.reliable = true;
    ["senses", "body_cues"].forEach(function (name) {
      var chosen = plainChecked(form, name);
      if (chosen.length) payload[name] = chosen;
    });
    [["people", "new_people"], ["values", "new_values"]].forEach(function (pair) {
      var chosen = plainChecked(form, pair[0]).concat(names(data.get(pair[1])));
      if (chosen.length) payload[pair[0]] = chosen;
    });
    var photos = [];
    var input = form.querySelector('input[type="file"][name="photos"]');
    Array.prototype.forEach.call((input && input.files) || [], function (file) {
      photos.push({ id: Q.newId(), blob: file, name: file.name, saved: false });
    });
    return {
      id: Q.newId(), user: user, capturedAt: caughtAt, payload: payload,
      photos: photos, glimmerSaved: false,
    };
  }

  function keep(form, caughtAt) {
    var item = itemFrom(form, caughtAt);
    if (!item.payload.text && !item.photos.length) {
      if (form.elements.text) form.elements.text.focus();
      return Promise.resolve();
    }
    return Q.put(item).then(function () {
      form.reset();
      askForSync();
      return render(null);
    });
  }

  function keepTally(caughtAt) {
    var item = {
      id: Q.newId(), user: user, capturedAt: caughtAt,
      payload: { noticed_at: new Date(caughtAt).toISOString() }, photos: [], glimmerSaved: false,
    };
    return Q.put(item).then(function () { askForSync(); return render(null); });
  }

  // Put a capture the network dropped (kept by the worker) back in the form.
  function restore(form, fields) {
    var files = {};
    form.reset();
    fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (typeof value !== "string") { (files[name] = files[name] || []).push(value); return; }
      var field = form.elements[name];
      if (!field) return;
      var many = field.length !== undefined && !field.options ? field : [field];
      var boxes = Array.prototype.filter.call(many, function (el) { return el.type === "checkbox" || el.type === "radio"; });
      if (boxes.length) {
        boxes.forEach(function (box) { if (box.value === value) box.checked = true; });
      } else {
        field.value = value;
      }
    });
    Object.keys(files).forEach(function (name) { putFiles(form, name, files[name]); });
  }

  function putFiles(form, name, files) {
    var input = form.querySelector('input[type="file"][name="' + name + '"]');
    if (!input || !files.length || typeof DataTransfer === "undefined") return false;
    var transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    var details = input.closest("details");
    if (details) details.open = true;
    return true;
  }

  function forgetQuery() {
    if (window.history && history.replaceState) history.replaceState(null, "", location.pathname + location.hash);
  }

  var captureForm = document.querySelector("form[data-offline-capture]");
  if (user) {
    document.querySelectorAll("form[data-offline-capture]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return; // the page's own form, as always
        event.preventDefault();
        keep(form, Date.now());
      });
    });
    document.querySelectorAll("form.tally-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return;
        event.preventDefault();
        keepTally(Date.now());
      });
    });
  }

  // --- Signing out: nothing of this person stays on the device --------------

  var warned = false;
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      Q.waiting(user).then(function (items) {
        var warning = form.querySelector("[data-sign-out-warning]");
        if (items.length && !warned && warning) {
          warned = true;
          warning.textContent = counted(words.sign_out, items.length);
          warning.hidden = false;
          return;
        }
        return Q.clearAll().catch(function () {}).then(function () { form.submit(); });
      }).catch(function () { form.submit(); });
    });
  });

  // --- On every page ---------------------------------------------------------

  if (!user) {
    // Signed out. With nothing waiting, the site leaves nothing behind; with
    // something waiting (a session that ended), only the pages go.
    Q.waiting("").then(function (items) {
      if (items.length) {
        if (window.caches) caches.delete("glimmers-pages");
        return render(null);
      }
      var gone = worker ? worker.getRegistrations().then(function (all) {
        return Promise.all(all.map(function (registration) { return registration.unregister(); }));
      }) : Promise.resolve();
      return gone.then(function () { return Q.clearAll(); });
    }).catch(function () {});
    return;
  }

  if (worker) {
    worker.register(home.dataset.worker, { scope: "/" }).catch(function () {});
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "glimmers-queue") render(event.data.report);
    });
  }
  window.addEventListener("online", replay);

  var params = new URLSearchParams(location.search);
  var start = Promise.resolve();
  if (navigator.onLine && csrf()) start = Q.setMeta("session", session()).catch(function () {});
  if (captureForm && params.get("unsent")) {
    start = start.then(function () { return Q.takeMeta("unsent"); }).then(function (unsent) {
      forgetQuery();
      if (!unsent) return;
      restore(captureForm, unsent.fields || []);
      return keep(captureForm, unsent.caughtAt || Date.now());
    });
  } else if (captureForm && params.get("shared")) {
    start = start.then(function () { return Q.takeMeta("shared"); }).then(function (shared) {
      forgetQuery();
      if (!shared) return;
      if (captureForm.elements.text) captureForm.elements.text.value = shared.text || "";
      putFiles(captureForm, "photos", shared.files || []);
      // At the top of the page: with the photo's details open, the line under Save
      // would be out of sight.
      home.textContent = words.shared || "";
      home.hidden = !words.shared;
      if (captureForm.elements.text) captureForm.elements.text.focus();
    });
  }
  start.catch(function () {}).then(replay);
})();
