{% autoescape off %}// Glimmers' service worker, served at /sw.js by glimmers.views.service_worker.
// Hand-written, no build step; docs/phone.md says what it does for a person,
// docs/decisions.md ("Offline on a phone") why it does it this way.
//
// - Static files (CSS, scripts, icons): from the cache first, refreshed behind.
// - Pages: from the network first; a copy of each page opened is kept, and
//   shown when there is no network. Only GET, only our own origin, only a
//   plain 200 that was not redirected (a sign-in page is never kept for Today).
// - Never the API, never a photo, never an answer to a POST.
// - A capture sent while the network fails is kept, and the page picks it up.
// - A share from another app is kept and handed to the capture page.
// - Background Sync sends waiting glimmers when the connection comes back.
"use strict";

const CONFIG = {{ config }};
importScripts(CONFIG.queue);

const STATIC_CACHE = "glimmers-static-" + CONFIG.version;
const PAGES_CACHE = "glimmers-pages";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then((cache) => cache.addAll(CONFIG.shell))
      .then(() => caches.open(PAGES_CACHE))
      .then((cache) => Promise.all(CONFIG.pages.map((url) => keepPage(cache, url))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names
          .filter((name) => name.startsWith("glimmers-static-") && name !== STATIC_CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

// A page worth keeping: ours, whole, and not somewhere we were sent instead.
function keepable(response) {
  return response && response.ok && response.status === 200 && !response.redirected
    && response.type === "basic";
}

function keepPage(cache, url) {
  return fetch(url, { credentials: "same-origin" })
    .then((response) => (keepable(response) ? cache.put(url, response) : null))
    .catch(() => null);
}

// A photo opened on its own (ours or a circle's) is never kept.
function isPhoto(path) {
  return path.includes("/photos/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === CONFIG.share) {
    event.respondWith(keepShare(request));
    return;
  }
  if (request.method === "POST" && url.pathname === CONFIG.capture && request.mode === "navigate") {
    event.respondWith(captureOrKeep(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(CONFIG.api) || url.pathname === "/sw.js") return;
  if (CONFIG.shell.includes(url.pathname)) {
    event.respondWith(staticFirst(request));
    return;
  }
  if (request.mode === "navigate" && !isPhoto(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});

function staticFirst(request) {
  return caches.open(STATIC_CACHE).then((cache) =>
    cache.match(request, { ignoreSearch: true }).then((kept) => {
      const fresh = fetch(request)
        .then((response) => {
          if (keepable(response)) cache.put(request, response.clone());
          return response;
        })
        .catch(() => kept);
      return kept || fresh;
    })
  );
}

function networkFirst(request) {
  return fetch(request)
    .then((response) => {
      const url = new URL(response.url || request.url);
      if (response.redirected && url.pathname === CONFIG.signIn) {
        // Signed out (the session ended): no page of the journal stays behind.
        caches.delete(PAGES_CACHE);
      } else if (keepable(response)) {
        const copy = response.clone();
        caches.open(PAGES_CACHE).then((cache) => cache.put(request.url, copy));
      }
      return response;
    })
    .catch(() =>
      caches.open(PAGES_CACHE).then((cache) =>
        cache.match(request.url, { ignoreSearch: false })
          .then((kept) => kept || cache.match(request.url, { ignoreSearch: true }))
          .then((kept) => kept || cache.match(CONFIG.pages[0]))
          .then((kept) => kept || Response.error())
      )
    );
}

// A capture posted while the network fails: keep what was typed, and let the
// capture page (from the cache) put it in the queue. Nothing is lost.
function captureOrKeep(request) {
  const copy = request.clone();
  const caughtAt = Date.now();
  return fetch(request).catch(() =>
    copy.formData()
      .then((form) => {
        const fields = [];
        for (const [name, value] of form.entries()) {
          if (name === "csrfmiddlewaretoken") continue;
          if (typeof value === "string") fields.push([name, value]);
          else if (value && value.size) fields.push([name, value]);
        }
        return GlimmersQueue.setMeta("unsent", { caughtAt: caughtAt, fields: fields });
      })
      .then(() => Response.redirect(CONFIG.capture + "?unsent=1", 303))
  );
}

// A share from another app: keep the words and the photos, open the capture page.
function keepShare(request) {
  return request.formData()
    .then((form) => {
      const words = [];
      for (const name of ["title", "text", "url"]) {
        const value = (form.get(name) || "").trim();
        if (value && !words.some((w) => w.includes(value))) words.push(value);
      }
      const files = form.getAll("photos").filter((file) => file && file.size && /^image\//.test(file.type));
      return GlimmersQueue.setMeta("shared", { text: words.join("\n"), files: files });
    })
    .catch(() => null)
    .then(() => Response.redirect(CONFIG.capture + "?shared=1", 303));
}

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then((clients) =>
    clients.forEach((client) => client.postMessage(message))
  );
}

self.addEventListener("sync", (event) => {
  if (event.tag !== "glimmers-queue") return;
  event.waitUntil(
    GlimmersQueue.getMeta("session")
      .then((session) => GlimmersQueue.replay(session))
      .then((report) => tellPages({ type: "glimmers-queue", report: report }))
  );
});

// A gentle reminder by Web Push (glimmers/reminders/push.py sends {title, body, url},
// encrypted for this browser). Shown quietly; a tap opens the page it names, on our
// own site only.
const PUSH_ICON = CONFIG.shell.find((url) => url.includes("icon-192")) || "";

function ownPage(address) {
  try {
    const url = new URL(address || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Glimmers", {
      body: message.body || "",
      icon: PUSH_ICON,
      badge: PUSH_ICON,
      tag: message.tag || "glimmers-reminder",
      silent: true,
      data: { url: ownPage(message.url) },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = ownPage(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) return open.navigate(target).then((client) => (client || open).focus());
      return self.clients.openWindow(target);
    })
  );
});
{% endautoescape %}
