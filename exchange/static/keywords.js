// Keyword suggestions on the need and achievement forms: as the user pauses typing, asks
// the server which keywords of the published achievements the text carries and shows them
// as chips. A click adds one to the keyword box; x dismisses it. Nothing is added unasked.
(function () {
  var box = document.querySelector("[data-suggest-url]");
  if (!box) { return; }
  var form = box.closest("form");
  var title = form.elements[box.dataset.title];
  var text = form.elements[box.dataset.text];
  var keywords = form.elements[box.dataset.keywords];
  var chips = box.querySelector("[data-chips]");
  var dismissed = {};
  var timer = null;
  var asked = "";

  function chosen() {
    return keywords.value.split(/[,，;；、\s]+/).filter(function (k) { return k; });
  }
  function add(keyword) {
    var list = chosen();
    list.push(keyword);
    keywords.value = list.join("、");
    keywords.dispatchEvent(new Event("input", {bubbles: true}));
    keywords.focus();
  }
  function chip(keyword) {
    var group = document.createElement("span");
    group.className = "btn-group btn-group-sm";
    group.setAttribute("role", "group");
    var accept = document.createElement("button");
    accept.type = "button";
    accept.className = "btn btn-outline-primary";
    accept.textContent = "+ " + keyword;
    accept.setAttribute("aria-label", box.dataset.addLabel.replace("{keyword}", keyword));
    accept.addEventListener("click", function () { group.remove(); add(keyword); });
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "btn btn-outline-secondary";
    dismiss.textContent = "×";
    dismiss.setAttribute("aria-label", box.dataset.dismissLabel.replace("{keyword}", keyword));
    dismiss.addEventListener("click", function () {
      dismissed[keyword] = true;
      group.remove();
      box.hidden = !chips.children.length;
    });
    group.append(accept, dismiss);
    return group;
  }
  function show(suggestions) {
    chips.replaceChildren();
    suggestions.forEach(function (s) {
      if (!dismissed[s.keyword]) { chips.append(chip(s.keyword)); }
    });
    box.hidden = !chips.children.length;
  }
  function ask() {
    var key = [title.value, text.value, keywords.value].join("\u0000");
    if (key === asked) { return; }
    asked = key;
    var body = new FormData();
    var token = form.elements.csrf_token;
    if (token) { body.append("csrf_token", token.value); }
    body.append("title", title.value);
    body.append("text", text.value);
    body.append("keywords", keywords.value);
    fetch(box.dataset.suggestUrl, {method: "POST", body: body, credentials: "same-origin",
                                   headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(function () { /* suggestions are a help: the form works without them */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 500);
  }
  [title, text, keywords].forEach(function (el) { el.addEventListener("input", later); });
  if (title.value || text.value) { ask(); }
})();
