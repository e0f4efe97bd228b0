// Reminders page: ask this browser for notifications and tell Glimmers where to send them.
// The service worker (registered by the app) shows each push as a notification.
(function () {
  "use strict";
  var controls = document.getElementById("push-controls");
  var status = document.getElementById("push-status");
  var form = document.getElementById("reminder-choices");
  if (!controls || !status || !form) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    var box = document.getElementById("id_by_push");
    if (box && box.checked) say(controls.dataset.unsupported);
    return; // e-mail and the calendar feed work everywhere
  }
  controls.hidden = false;

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function say(text) { status.textContent = text; }

  function readyWorker() {
    // navigator.serviceWorker.ready never settles where no worker is registered.
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (_resolve, reject) {
        setTimeout(function () { reject(new Error("no service worker")); }, 10000);
      }),
    ]);
  }

  document.getElementById("push-enable").addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { say(controls.dataset.denied); return null; }
      return readyWorker().then(function (registration) {
        return registration.pushManager.getSubscription().then(function (existing) {
          return existing || registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(controls.dataset.key),
          });
        });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        var body = new FormData();
        body.append("endpoint", json.endpoint);
        body.append("p256dh", json.keys.p256dh);
        body.append("auth", json.keys.auth);
        var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
        return fetch(controls.dataset.subscribeUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token },
        });
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        var box = document.getElementById("id_by_push");
        if (box) box.checked = true;
        say(controls.dataset.saved);
      });
    }).catch(function () {
      say(controls.dataset.failed);
    });
  });
})();
