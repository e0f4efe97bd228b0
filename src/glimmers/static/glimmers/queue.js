// The offline queue: glimmers caught with no connection, kept in IndexedDB
// until the API has them. Used by the pages (offline.js) and by the service
// worker (importScripts), so there is one way to keep and one way to send.
//
// Each glimmer is kept under an id the phone chose (crypto.randomUUID), with
// its photos under ids of their own, and sent with create-once PUTs: sending
// it again, after a lost answer or from two tabs at once, never makes a
// second glimmer or a second photo. An item leaves the queue only when the
// server has said it has the glimmer and every photo. docs/phone.md.
(function (scope) {
  "use strict";

  var DB_NAME = "glimmers";
  var DB_VERSION = 1;
  var QUEUE = "queue"; // waiting glimmers, by id
  var META = "meta"; // "session": {user, csrf}; "shared", "unsent": a hand-over to a page

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: "id" });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = function () {
        var db = request.result;
        // Let a sign-out elsewhere (Clear-Site-Data) delete the database.
        db.onversionchange = function () { db.close(); };
        resolve(db);
      };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var request = work(tx.objectStore(store));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run(QUEUE, "readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.capturedAt - b.capturedAt; });
    });
  }
  function put(item) { return run(QUEUE, "readwrite", function (s) { return s.put(item); }); }
  function remove(id) { return run(QUEUE, "readwrite", function (s) { return s.delete(id); }); }
  function getMeta(key) { return run(META, "readonly", function (s) { return s.get(key); }); }
  function setMeta(key, value) {
    return run(META, "readwrite", function (s) { return s.put(value, key); });
  }
  function takeMeta(key) {
    return getMeta(key).then(function (value) {
      return run(META, "readwrite", function (s) { return s.delete(key); }).then(function () {
        return value;
      });
    });
  }

  // The person's own waiting glimmers; with no user (a signed-out page), all of them.
  function waiting(user) {
    return all().then(function (items) {
      return items.filter(function (item) { return !user || item.user === String(user); });
    });
  }

  // Forget everything: the queue, the hand-overs, and every cache of the site.
  function clearAll() {
    var stores = Promise.all([
      run(QUEUE, "readwrite", function (s) { return s.clear(); }),
      run(META, "readwrite", function (s) { return s.clear(); }),
    ]);
    var cleared = scope.caches
      ? scope.caches.keys().then(function (names) {
          return Promise.all(names.map(function (name) { return scope.caches.delete(name); }));
        })
      : Promise.resolve();
    return Promise.all([stores, cleared]);
  }

  function messageOf(response) {
    return response.json().then(
      function (body) {
        var error = (body && body.error) || {};
        var fields = error.fields || {};
        var first = Object.keys(fields).map(function (k) { return fields[k][0]; })[0];
        return first || error.message || String(response.status);
      },
      function () { return String(response.status); }
    );
  }

  // Send one item: the glimmer, then each photo not yet confirmed. Resolves
  // to "saved", "kept" (try again later) or "sign-in" (the session has ended).
  function sendItem(item, session, report) {
    var api = session.api.replace(/\/$/, "") + "/glimmers/" + item.id;
    var headers = { "X-CSRFToken": session.csrf };
    var step = Promise.resolve("go");
    if (!item.glimmerSaved) {
      step = fetch(api, {
        method: "PUT",
        credentials: "same-origin",
        headers: Object.assign({ "Content-Type": "application/json" }, headers),
        body: JSON.stringify(item.payload),
      }).then(function (response) {
        if (response.ok) {
          item.glimmerSaved = true;
          delete item.problem;
          return put(item).then(function () { return "go"; });
        }
        if (response.status === 401) return "sign-in";
        if (response.status === 400 || response.status === 404 || response.status === 422) {
          // The server will not take it as it is: keep it, and say why.
          return messageOf(response).then(function (message) {
            item.problem = message;
            report.problems.push(message);
            return put(item).then(function () { return "kept"; });
          });
        }
        return "kept"; // 403 (a stale CSRF token), 429, 5xx: later
      });
    }
    return step.then(function (state) {
      if (state !== "go") return state;
      var photos = item.photos || [];
      var chain = Promise.resolve("go");
      photos.forEach(function (photo) {
        chain = chain.then(function (state) {
          if (state !== "go" || photo.saved) return state;
          var body = new FormData();
          body.append("file", photo.blob, photo.name || "photo");
          return fetch(api + "/photos/" + photo.id, {
            method: "PUT",
            credentials: "same-origin",
            headers: headers,
            body: body,
          }).then(function (response) {
            if (response.ok) {
              photo.saved = true;
              photo.blob = null;
              return put(item).then(function () { return "go"; });
            }
            if (response.status === 401) return "sign-in";
            if (response.status === 400 || response.status === 413 || response.status === 422) {
              // The glimmer is saved; this photo never will be. Say so, once.
              return messageOf(response).then(function (message) {
                photo.saved = true;
                photo.blob = null;
                report.photoProblems.push(message);
                return put(item).then(function () { return "go"; });
              });
            }
            return "kept";
          });
        });
      });
      return chain.then(function (state) {
        if (state !== "go") return state;
        return remove(item.id).then(function () { return "saved"; });
      });
    });
  }

  // Send every waiting glimmer of session.user, oldest first. One sender at a
  // time per browser (Web Locks, where there are); either way a second sender
  // only repeats create-once PUTs.
  function replay(session) {
    var report = { saved: 0, signIn: false, problems: [], photoProblems: [], offline: false };
    if (!session || !session.user || !session.csrf) return Promise.resolve(report);
    function send() {
      return waiting(session.user).then(function (items) {
        var chain = Promise.resolve();
        var stop = false;
        items.forEach(function (item) {
          chain = chain.then(function () {
            if (stop || item.problem) return;
            return sendItem(item, session, report).then(function (state) {
              if (state === "saved") report.saved += 1;
              if (state === "sign-in") { report.signIn = true; stop = true; }
            });
          });
        });
        return chain.then(function () { return report; });
      }).catch(function () {
        report.offline = true; // the network failed mid-way: everything not confirmed stays
        return report;
      });
    }
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("glimmers-queue", send) : send();
  }

  function newId() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  scope.GlimmersQueue = {
    all: all,
    put: put,
    remove: remove,
    waiting: waiting,
    getMeta: getMeta,
    setMeta: setMeta,
    takeMeta: takeMeta,
    clearAll: clearAll,
    replay: replay,
    newId: newId,
  };
})(self);
