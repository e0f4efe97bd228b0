// The import's page, while a file is read or brought in: ask every few
// seconds how it is going, say so, and show the result once it is done.
// Without this script the page has a "Look again" link that does the same.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var status = box.querySelector("[role=status]");
  function ask() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (!state.working) { window.location.reload(); return; }
        if (status.textContent !== state.status) status.textContent = state.status;
        window.setTimeout(ask, 2000);
      })
      .catch(function () { window.setTimeout(ask, 5000); });
  }
  window.setTimeout(ask, 1000);
})();
