// Preselects the browser's own time zone in a time zone menu still on its default (UTC),
// so a recruiter types the slot in the time they think in. Nothing else changes.
const menu = document.querySelector("select[data-local-time-zone]");
if (menu && menu.value === "UTC") {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if ([...menu.options].some((option) => option.value === zone)) {
    menu.value = zone;
  }
}
