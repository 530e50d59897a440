/* Map question: click or keyboard (arrow keys move, Shift for bigger steps, Enter/Space places the point).
   Progressive enhancement: without JavaScript the district list and the address field work alone. */
(function () {
  "use strict";
  var svg = document.getElementById("map");
  if (!svg || svg.tagName.toLowerCase() !== "svg" || svg.classList.contains("ymap-replaced")) { return; }  // the interactive map took over
  var p = JSON.parse(svg.getAttribute("data-projection"));
  var lon = document.getElementById("lon");
  var lat = document.getElementById("lat");
  var cursor = document.getElementById("map-cursor");
  var marker = document.getElementById("map-marker");
  var status = document.getElementById("map-status");
  var clear = document.getElementById("map-clear");
  var template = status.getAttribute("data-set");
  var none = status.getAttribute("data-none");
  // The view may be fitted to the districts the survey covers: the cursor starts in its centre and stays inside it.
  var box = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal
    : { x: 0, y: 0, width: p.width, height: p.height };
  var pos = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
  svg.setAttribute("tabindex", "0");

  function districtAt(x, y) {
    var paths = svg.querySelectorAll("path.district");
    for (var i = 0; i < paths.length; i++) {
      var pt = svg.createSVGPoint(); pt.x = x; pt.y = y;
      if (paths[i].isPointInFill && paths[i].isPointInFill(pt)) { return paths[i].getAttribute("data-name"); }
    }
    return "";
  }
  function showCursor() {
    cursor.setAttribute("cx", pos.x.toFixed(1)); cursor.setAttribute("cy", pos.y.toFixed(1));
    cursor.setAttribute("visibility", "visible");
  }
  function place() {
    var name = districtAt(pos.x, pos.y);
    marker.setAttribute("cx", pos.x.toFixed(1)); marker.setAttribute("cy", pos.y.toFixed(1));
    marker.setAttribute("visibility", "visible");
    lon.value = (p.lon0 + pos.x / p.kx).toFixed(6);
    lat.value = (p.lat1 - pos.y / p.ky).toFixed(6);
    status.textContent = template.replace("{area}", name || "–");
  }
  svg.addEventListener("click", function (ev) {
    var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    var local = pt.matrixTransform(svg.getScreenCTM().inverse());
    pos = { x: local.x, y: local.y }; showCursor(); place();
  });
  svg.addEventListener("focus", showCursor);
  svg.addEventListener("blur", function () { cursor.setAttribute("visibility", "hidden"); });
  svg.addEventListener("keydown", function (ev) {
    var step = ev.shiftKey ? 25 : 5;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[ev.key]) {
      pos.x = Math.min(box.x + box.width, Math.max(box.x, pos.x + moves[ev.key][0]));
      pos.y = Math.min(box.y + box.height, Math.max(box.y, pos.y + moves[ev.key][1]));
      showCursor(); ev.preventDefault();
    } else if (ev.key === "Enter" || ev.key === " ") {
      place(); ev.preventDefault();
    }
  });
  clear.addEventListener("click", function () {
    lon.value = ""; lat.value = ""; marker.setAttribute("visibility", "hidden"); status.textContent = none;
  });
  if (lon.value && lat.value) {
    pos = { x: (parseFloat(lon.value) - p.lon0) * p.kx, y: (p.lat1 - parseFloat(lat.value)) * p.ky }; place();
  }
}());
