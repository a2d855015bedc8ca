// Follows a background job: polls its status URL, moves the bar, and reloads the page
// when the job has finished (the page then shows, or redirects to, the result).
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var meter = box.querySelector("[role=progressbar]");
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-progress-label]");
  var wait = 700;
  function show(state) {
    var percent = state.total ? Math.round(100 * state.done / state.total) : 0;
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(percent));
    bar.textContent = percent + "%";
    if (state.total) {
      label.textContent = box.dataset.importing.replace("{done}", state.done)
        .replace("{total}", state.total);
    }
  }
  function poll() {
    fetch(box.dataset.progressUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished || state.failed) { window.location.reload(); return; }
        show(state);
        setTimeout(poll, wait);
      })
      .catch(function () { setTimeout(poll, wait * 4); });
  }
  setTimeout(poll, wait);
})();
