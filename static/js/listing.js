// List pages, progressively enhanced: without this file the form's Apply button (sticky) and
// the facets' "show all" links do everything.
// With it: a filter applies as soon as it is chosen (the page is fetched and its list and
// filters swapped in, the new count announced), the filter panel is open on wide screens,
// and long facets can be narrowed by typing.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  var status = document.getElementById("listing-status");
  if (!form || !status || !window.fetch || !window.DOMParser) { return; }

  var wide = window.matchMedia("(min-width: 60rem)");
  var state = {
    show: new URLSearchParams(window.location.search).get("show") || "",
    narrow: {},  // facet name -> what was typed to narrow it
    controller: null,
    timer: null
  };

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The query the form describes, as the server reads it: empty fields and a select's
  // default (`data-default`) left out (short, shareable addresses), `show` kept while a
  // facet is expanded, back to the first page.
  function formUrl() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled) { return; }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) { return; }
      var value = element.value;
      if (value === "" || value === element.dataset.default) { return; }
      params.append(element.name, value);
    });
    if (state.show) { params.set("show", state.show); }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function fetchPage(url) {
    if (state.controller) { state.controller.abort(); }
    state.controller = new AbortController();
    return fetch(url, { headers: { Accept: "text/html" }, signal: state.controller.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  // What identifies a control across the old and the new page.
  function keyOf(element) {
    if (!element || !element.closest || !element.closest("#listing-body")) { return null; }
    if (element.classList.contains("facet__narrow")) { return "narrow:" + element.dataset.facet; }
    if (element.id) { return "#" + element.id; }
    if (element.name && (element.type === "checkbox" || element.type === "radio")) {
      return element.name + "=" + element.value;
    }
    return element.name ? "name:" + element.name : null;
  }

  function findByKey(root, key) {
    var found = null;
    root.querySelectorAll("input, select, a, button, summary").forEach(function (element) {
      if (!found && keyOf(element) === key) { found = element; }
    });
    return found;
  }

  function swap(doc) {
    var body = document.getElementById("listing-body");
    var fresh = doc.getElementById("listing-body");
    if (!body || !fresh) { return false; }
    var focused = document.activeElement;
    var focusKey = keyOf(focused);
    var typing = focusKey && focused.matches("input[type=text], input[type=search], input[type=number]");
    var panel = document.getElementById("filters-panel");
    var open = panel && panel.open;
    var scrolls = {};
    body.querySelectorAll("fieldset.facet[data-facet]").forEach(function (facet) {
      var options = facet.querySelector(".facet__options");
      if (options) { scrolls[facet.dataset.facet] = options.scrollTop; }
    });

    var incoming = document.importNode(fresh, true);
    enhance(incoming);
    if (focusKey) {
      var counterpart = findByKey(incoming, focusKey);
      // A field being typed in is kept as it is (what was typed meanwhile, the caret).
      if (counterpart && typing) { counterpart.replaceWith(focused); }
    }
    body.replaceWith(incoming);
    var newPanel = document.getElementById("filters-panel");
    if (newPanel && (open || wide.matches)) { newPanel.open = true; }
    incoming.querySelectorAll("fieldset.facet[data-facet]").forEach(function (facet) {
      var options = facet.querySelector(".facet__options");
      if (options && scrolls[facet.dataset.facet]) { options.scrollTop = scrolls[facet.dataset.facet]; }
    });
    if (focusKey) {
      var target = findByKey(incoming, focusKey);
      if (target) { target.focus({ preventScroll: true }); }
    }
    // The language switch keeps the query.
    var language = document.querySelector("nav.language");
    var freshLanguage = doc.querySelector("nav.language");
    if (language && freshLanguage) { language.innerHTML = freshLanguage.innerHTML; }
    form = document.getElementById("filter-form");
    return true;
  }

  function announce(doc) {
    var heading = document.getElementById("results-heading");
    var errors = document.getElementById("errors");
    var text = errors ? errors.querySelector("h2").textContent : (heading ? heading.textContent : "");
    status.textContent = "";
    // A new text in the live region, even when it is the same as before.
    window.setTimeout(function () { status.textContent = text.replace(/\s+/g, " ").trim(); }, 50);
  }

  function load(url, push) {
    var listing = document.querySelector(".listing");
    if (listing) { listing.setAttribute("aria-busy", "true"); }
    return fetchPage(url).then(function (doc) {
      if (!swap(doc)) { window.location.assign(url); return; }
      if (push) { window.history.pushState({ listing: true }, "", url); }
      announce(doc);
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      window.location.assign(url);  // the server's own page, as without JavaScript
    });
  }

  function apply(delay) {
    window.clearTimeout(state.timer);
    // A short wait: several boxes ticked in a row make one request.
    state.timer = window.setTimeout(function () { load(formUrl(), true); }, delay);
  }

  function belongsToForm(element) {
    return element && element.name && element.form === form;
  }

  document.addEventListener("change", function (event) {
    if (belongsToForm(event.target)) { apply(250); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target !== form) { return; }
    event.preventDefault();
    // site.js would disable the empty fields for a real submission: not needed here.
    event.stopImmediatePropagation();
    apply(0);
  }, true);
  window.addEventListener("popstate", function () {
    state.show = new URLSearchParams(window.location.search).get("show") || "";
    load(window.location.href, false);
  });

  // ---------------------------------------------------------------- narrowing long facets
  function narrowFacet(facet) {
    var query = fold(state.narrow[facet.dataset.facet] || "").trim();
    facet.querySelectorAll(".facet__options .option").forEach(function (option) {
      var input = option.querySelector("input");
      var matches = !query || fold(option.textContent).indexOf(query) !== -1;
      option.hidden = !(matches || (input && input.checked));
    });
  }

  // All of a facet's values, once: its "show all" page, of which only this facet is taken.
  function expand(facet) {
    var name = facet.dataset.facet;
    var more = facet.querySelector(".facet__more");
    if (state.show === name || !more || facet.dataset.expanding) { return; }
    facet.dataset.expanding = "true";
    fetch(more.getAttribute("href").split("#")[0], { headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var all = doc.querySelector('fieldset.facet[data-facet="' + name + '"] .facet__options');
        var current = document.querySelector('fieldset.facet[data-facet="' + name + '"]');
        if (!all || !current) { return; }
        current.querySelector(".facet__options").replaceWith(document.importNode(all, true));
        var freshMore = doc.querySelector('fieldset.facet[data-facet="' + name + '"] .facet__more');
        var oldMore = current.querySelector(".facet__more");
        if (freshMore && oldMore) { oldMore.replaceWith(document.importNode(freshMore, true)); }
        state.show = name;
        narrowFacet(current);
      })
      .finally(function () { delete facet.dataset.expanding; });
  }

  function enhance(root) {
    var template = form.dataset.narrow || "Narrow";
    root.querySelectorAll("fieldset.facet[data-long]").forEach(function (facet) {
      var name = facet.dataset.facet;
      var options = facet.querySelector(".facet__options");
      if (!options || facet.querySelector(".facet__narrow")) { return; }
      var label = document.createElement("label");
      label.className = "facet__narrow-label";
      label.textContent = template;
      var input = document.createElement("input");
      input.type = "search";
      input.className = "facet__narrow";
      input.dataset.facet = name;
      input.autocomplete = "off";
      input.setAttribute("form", "");  // typed words narrow the options, they filter nothing
      input.value = state.narrow[name] || "";
      label.appendChild(input);
      options.parentNode.insertBefore(label, options);
      input.addEventListener("input", function () {
        state.narrow[name] = input.value;
        if (input.value) { expand(facet); }
        narrowFacet(facet);
      });
      narrowFacet(facet);
    });
  }

  // ---------------------------------------------------------------- start
  function openOnWideScreens() {
    var panel = document.getElementById("filters-panel");
    if (panel && wide.matches) { panel.open = true; }
  }
  document.documentElement.classList.add("listing-live");
  enhance(document);
  openOnWideScreens();
  wide.addEventListener("change", openOnWideScreens);
})();
