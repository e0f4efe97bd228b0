// Pre-select the browser's own time zone on the account form, if we know it.
// A browser may still report an old name (Europe/Kiev); the form offers only
// current ones (Europe/Kyiv), and lists the old names in data-aliases.
(function () {
  "use strict";
  var select = document.getElementById("id_time_zone");
  if (!select || select.dataset.touched) return;
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var aliases = JSON.parse(select.dataset.aliases || "{}");
    if (zone && !select.querySelector('option[value="' + zone + '"]') && aliases[zone]) {
      zone = aliases[zone];
    }
    if (zone && select.querySelector('option[value="' + zone + '"]') && select.value === "UTC") {
      select.value = zone;
    }
  } catch (error) {
    // Older browsers: UTC stays selected, and the person can choose.
  }
})();
