// Team DNA Profile form: "Add another competency" and each competency's share of the score.
// Without JavaScript the page still works: spare empty rows are always rendered.

const rows = document.getElementById("competency-rows");
const template = document.getElementById("competency-template");
const addButton = document.getElementById("add-competency");
const total = document.querySelector('input[name="competencies-TOTAL_FORMS"]');

function filled(fieldset) {
  return fieldset.querySelector('input[name$="-name"]').value.trim() !== "" &&
    !fieldset.querySelector('input[name$="-DELETE"]:checked');
}

function updateShares() {
  const fieldsets = [...rows.querySelectorAll("[data-competency]")];
  const weightOf = (fieldset) => Number(fieldset.querySelector('select[name$="-weight"]').value);
  const sum = fieldsets.filter(filled).reduce((acc, fieldset) => acc + weightOf(fieldset), 0);
  for (const fieldset of fieldsets) {
    const share = fieldset.querySelector("[data-share]");
    share.hidden = !(filled(fieldset) && sum > 0);
    share.textContent = `About ${Math.round((100 * weightOf(fieldset)) / sum)}% of the score`;
  }
}

function addRow() {
  const index = Number(total.value);
  const fragment = template.content.cloneNode(true);
  const holder = document.createElement("div");
  holder.append(fragment);
  holder.innerHTML = holder.innerHTML.replaceAll("__prefix__", String(index));
  const fieldset = holder.querySelector("[data-competency]");
  fieldset.querySelector("[data-number]").textContent = String(index + 1);
  rows.append(fieldset);
  total.value = String(index + 1);
  fieldset.querySelector('input[name$="-name"]').focus();
  updateShares();
}

if (rows && template && addButton && total) {
  addButton.hidden = false;
  addButton.addEventListener("click", addRow);
  rows.addEventListener("input", updateShares);
  rows.addEventListener("change", updateShares);
  updateShares();
}
