// "Stay with it": a gentle, stoppable pause that walks through the senses.
// Without JavaScript the page is a plain form ("how many seconds?"); with it,
// the pause runs on its own and records the seconds when it ends or is ended.
(function () {
  "use strict";
  var root = document.getElementById("anchor");
  if (!root) return;
  var total = parseInt(root.dataset.seconds, 10) || 15;
  var form = root.querySelector(".anchor-form");
  var input = form.querySelector("input[name=seconds]");
  var steps = Array.prototype.map.call(root.querySelectorAll(".anchor-steps li"), function (li) {
    return li.textContent;
  });
  var now = root.querySelector(".anchor-now");
  var start = root.querySelector(".anchor-start");
  var stop = root.querySelector(".anchor-stop");
  var breathing = root.querySelector(".breathing-wrap");
  var breathingWords = root.querySelector(".breathing-words");
  var shape = root.querySelector(".breathing-shape");
  var toggle = root.querySelector(".anchor-breathing-toggle");
  var began = null;
  var timer = null;
  var stepIndex = -1;

  root.querySelector(".anchor-manual").hidden = true;
  root.querySelector(".anchor-submit").hidden = true;
  root.querySelector(".anchor-steps").classList.add("visually-hidden");
  root.querySelector(".anchor-controls").hidden = false;

  toggle.addEventListener("change", function () {
    breathing.hidden = !toggle.checked;
    syncShape();
  });

  function elapsed() {
    return (Date.now() - began) / 1000;
  }

  // Keep the shape's 10-second breath in step with the words ("in" for the
  // first four seconds of every ten since Begin): restart its animation, and
  // if the pause is already running, start it part of the way through.
  function syncShape() {
    if (breathing.hidden) return;
    shape.style.animationName = "none";
    void shape.offsetWidth;
    shape.style.animationName = "";
    shape.style.animationDelay = began === null ? "0s" : -(elapsed() % 10).toFixed(2) + "s";
  }

  function finish() {
    // Once only: a second press (or Escape as the time runs out) must not
    // send the seconds twice, because recorded seconds add up.
    if (!timer) return;
    window.clearInterval(timer);
    timer = null;
    stop.disabled = true;
    var seconds = Math.max(1, Math.min(total, Math.round(elapsed())));
    input.value = String(seconds);
    form.submit();
  }

  function tick() {
    var passed = elapsed();
    var index = Math.min(steps.length - 1, Math.floor((passed / total) * steps.length));
    if (index !== stepIndex) {
      stepIndex = index;
      now.textContent = steps[index];
    }
    var phase = Math.floor(passed) % 10;  // four seconds in, six out
    breathingWords.textContent = phase < 4 ? root.dataset.in || "in…" : root.dataset.out || "out…";
    if (passed >= total) finish();
  }

  start.addEventListener("click", function () {
    began = Date.now();
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    root.classList.add("is-running");
    syncShape();
    tick();
    timer = window.setInterval(tick, 250);
  });

  stop.addEventListener("click", finish);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && timer) finish();
  });
})();
