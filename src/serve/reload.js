// loa serve: reloads the page when a build changes it, and shows build errors over the page.
// Served only by `loa serve` (as /__loa/reload.js); a `loa build` never contains it.
(function () {
  "use strict";
  var here = location.pathname.replace(/index\.html$/, "");
  var scrollKey = "loa-scroll:" + here;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var y = Number(saved) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }
  var version = null;
  var overlay = null;

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function concerns(build) {
    if (build.all) return true;
    for (var i = 0; i < build.paths.length; i++) {
      var p = build.paths[i];
      if (p === here || decodeURI(here) === p) return true;
      // Other pages, and feeds, the sitemap, calendars and redirect maps, are not on this page.
      if (/\/$|\.(html|xml|ics|map|txt)$/.test(p)) continue;
      // The search index is read by the search page, beside it, alone.
      if (/\.(json|bin)$/.test(p)) {
        var dir = [here, decodeURI(here)].filter(function (h) { return p.indexOf(h) === 0; })[0];
        if (dir && /^(index\.json|[sftl]\/[^\/]+)$/.test(p.slice(dir.length))) return true;
        continue;
      }
      // A stylesheet, picture, font or script may be on this page.
      return true;
    }
    return false;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(report) {
    hide();
    if (!report) return;
    if (!document.getElementById("loa-overlay-css")) {
      var link = el("link");
      link.id = "loa-overlay-css";
      link.rel = "stylesheet";
      link.href = "/__loa/overlay.css";
      document.head.appendChild(link);
    }
    overlay = el("div", "loa-overlay");
    overlay.id = "loa-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "loa-overlay-title");
    var box = el("div", "loa-overlay-box");
    var title = el("h2", "loa-overlay-title", report.title);
    title.id = "loa-overlay-title";
    box.appendChild(title);
    box.appendChild(el("p", "loa-overlay-intro", report.intro));
    var list = el("ul", "loa-overlay-list");
    report.errors.forEach(function (d) {
      var li = el("li", "loa-overlay-error");
      li.appendChild(el("code", "loa-overlay-where", d.path + ":" + d.line + ":" + d.col));
      li.appendChild(el("p", "loa-overlay-message", d.message));
      if (d.hint) li.appendChild(el("p", "loa-overlay-hint", report.hint_label + ": " + d.hint));
      list.appendChild(li);
    });
    box.appendChild(list);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__loa/events");
  source.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    // A version seen before that differs: the server restarted or events were missed.
    if (version !== null && state.version !== version && !state.errors) return reload();
    version = state.version;
    show(state.errors);
  });
  source.addEventListener("build", function (e) {
    var build = JSON.parse(e.data);
    version = build.version;
    if (build.errors) return show(build.errors);
    if (concerns(build)) return reload();
    hide();
  });
})();
