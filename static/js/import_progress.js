// Polls the progress of a CSV import and updates the bar until sending is done.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("import-progress-bar");
  var text = document.getElementById("import-progress-text");
  var heading = document.getElementById("import-progress-heading");
  var failuresList = document.getElementById("import-failures");
  var whileSending = document.getElementById("import-while-sending");
  var done = document.getElementById("import-done");
  var delay = 1000;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function showDone(data) {
    bar.max = Math.max(data.total, 1);
    bar.value = bar.max;
    bar.textContent = "100%";
    var summary = "Sent " + plural(data.sent, "invitation") + ".";
    heading.textContent = "Sent " + plural(data.sent, "invitation");
    if (data.failures.length) {
      summary += " " + plural(data.failures.length, "row") + " could not be sent.";
      failuresList.textContent = "";
      data.failures.forEach(function (failure) {
        var item = document.createElement("li");
        item.textContent = "Line " + failure.line + ": " + failure.problem;
        failuresList.appendChild(item);
      });
      failuresList.hidden = false;
    }
    text.textContent = summary;
    whileSending.hidden = true;
    done.hidden = false;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.status === "done") {
          showDone(data);
          return;
        }
        bar.max = Math.max(data.total, 1);
        bar.value = data.processed;
        bar.textContent = data.percent + "%";
        text.textContent = data.processed + " of " + data.total + " handled.";
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // A hiccup (network, deploy): keep trying, more slowly.
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, 500);
})();
