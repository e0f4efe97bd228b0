// Pre-select the browser's own time zone on the account form, if we know it.
(function () {
  "use strict";
  var select = document.getElementById("id_time_zone");
  if (!select || select.dataset.touched) return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select.querySelector('option[value="' + zone + '"]') && select.value === "UTC") {
      select.value = zone;
    }
  } catch (error) {
    // Older browsers: UTC stays selected, and the person can choose.
  }
})();
