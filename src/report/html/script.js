(function () {
  "use strict";
  var q = document.getElementById("q"), fo = document.getElementById("fo"), fl = document.getElementById("fl");
  var count = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-o]"));
  function label(e) { var s = e.querySelector("summary"); return (s || e).textContent.toLowerCase(); }
  var texts = items.map(label);
  function apply() {
    var t = q.value.trim().toLowerCase(), o = fo.value, l = fl.value, n = 0;
    items.forEach(function (e, i) {
      var ok = (!o || (" " + e.getAttribute("data-o") + " ").indexOf(" " + o + " ") >= 0) &&
        (!l || ("|" + (e.getAttribute("data-l") || "") + "|").indexOf("|" + l + "|") >= 0) &&
        (!t || texts[i].indexOf(t) >= 0);
      e.hidden = !ok;
      if (ok) { n++; }
    });
    count.textContent = (t || o || l) ? n + " of " + items.length + " shown" : "";
  }
  var timer = 0;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  fo.addEventListener("change", apply);
  fl.addEventListener("change", apply);
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1)), e = id && document.getElementById(id), target = e;
    while (e) { if (e.tagName === "DETAILS") { e.open = true; } if (e.hidden) { e.hidden = false; } e = e.parentElement; }
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); closed = []; });
})();
