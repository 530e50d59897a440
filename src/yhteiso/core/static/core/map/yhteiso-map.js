/* Interactive maps (progressive enhancement over the server-rendered SVG maps, which stay for no-JavaScript use and
   print). A tile background is drawn only when the page names a tile service (data-tile-url); without one the map
   is land (the areas) on water, with place names.
   - [data-ymap="choropleth"]: areas from the JSON in #<data-features>, coloured as in the SVG, a popup per area.
   - [data-ymap="point"]: the map question of a map survey or a survey's place question; click/tap or keyboard (arrow keys pan, Enter/Space puts
     the point at the centre cross) fills the hidden lon/lat fields of the same form. The view fits the districts in
     #<data-districts>; those in #<data-others> (optional) are drawn faint around them. */
(function () {
  "use strict";
  if (!window.L) { return; }

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function svgReplaced(host) {
    var svg = host.tagName.toLowerCase() === "svg" ? host : host.querySelector("svg");
    if (svg) { svg.classList.add("ymap-replaced"); }  // the keyboard script of the SVG map stands down
  }

  function baseMap(host, box) {
    var div = document.createElement("div");
    div.className = "ymap";
    host.parentNode.insertBefore(div, host);
    var map = L.map(div, { zoomSnap: 0.5, attributionControl: true });
    map.attributionControl.setPrefix(false);
    var url = box.getAttribute("data-tile-url");
    if (url) {
      L.tileLayer(url, { maxZoom: 18, attribution: box.getAttribute("data-tile-attribution") || "" }).addTo(map);
      div.classList.add("ymap-tiles");
    }
    host.classList.add("ymap-replaced");
    svgReplaced(host);
    return map;
  }

  function labels(map, places, minZoom) {
    var layer = L.layerGroup();
    (places || []).forEach(function (p) {
      layer.addLayer(L.marker([p.lat, p.lon], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "ymap-label", html: "", iconSize: null })
      }).on("add", function () { this.getElement().textContent = p.name; }));
    });
    function toggle() {
      if (map.getZoom() >= minZoom) { layer.addTo(map); } else { layer.remove(); }
    }
    map.on("zoomend", toggle);
    toggle();
  }

  function choropleth(box) {
    var data = readJson(box.getAttribute("data-features"));
    var svg = box.querySelector("svg");
    if (!data || !svg) { return; }
    var map = baseMap(svg, box);
    var layer = L.geoJSON(data, {
      style: function (f) {
        return { color: "#5a5a5a", weight: 0.8, fillColor: f.properties.colour, fillOpacity: 0.75 };
      },
      onEachFeature: function (f, l) {
        var text = f.properties.name + ": " + f.properties.value;
        l.bindTooltip(text, { sticky: true });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    labels(map, readJson(box.getAttribute("data-labels")), 0);
    labels(map, readJson(box.getAttribute("data-places")), 12);
  }

  function pointMap(box) {
    // The fields it fills and the texts it updates: "lon", "lat", "map-status", "map-clear", "map-keys" and the map's
    // own id "map" (a map survey), or the ids the box names (a survey's place question: several on one page).
    function id(name, fallback) { return box.getAttribute("data-" + name) || fallback; }
    var svg = box.querySelector("svg");
    var lon = document.getElementById(id("lon", "lon"));
    var lat = document.getElementById(id("lat", "lat"));
    var status = document.getElementById(id("status", "map-status"));
    var clear = document.getElementById(id("clear", "map-clear"));
    var districts = readJson(box.getAttribute("data-districts"));
    if (!svg || !lon || !lat || !districts) { return; }
    var map = baseMap(box, box);  // the whole SVG box goes: its styles are for the SVG map only
    var tiles = !!box.getAttribute("data-tile-url");
    // Districts outside what the question covers (data-others): faint context only, not fitted, not named.
    var others = box.getAttribute("data-others") ? readJson(box.getAttribute("data-others")) : null;
    if (others) {
      L.geoJSON(others, {
        style: function () {
          return tiles ? { color: "#777777", weight: 1, fillColor: "#ffffff", fillOpacity: 0.45 }
            : { color: "#b5b5b5", weight: 1, fillColor: "#e4e4e4", fillOpacity: 1 };
        },
        interactive: false
      }).addTo(map);
    }
    var layer = L.geoJSON(districts, {
      style: function () {
        return tiles ? { color: "#333333", weight: 2, fill: false }
          : { color: "#4a4a4a", weight: 1.5, fillColor: "#f7f4ea", fillOpacity: 1 };
      },
      interactive: false
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    var container = map.getContainer();
    svg.id = id("map", "map") + "-svg";
    container.id = id("map", "map");  // the map question's id (the error summary links to it) now names the interactive map
    // The zoom buttons leave the Tab order: the focused map zooms with + and -, so Tab goes on to the form.
    container.querySelectorAll(".leaflet-control-zoom a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", svg.getAttribute("aria-label") || "");
    container.setAttribute("aria-describedby", id("keys", "map-keys") + " " + id("status", "map-status"));
    var cross = document.createElement("div");
    cross.className = "ymap-cross";
    cross.setAttribute("aria-hidden", "true");
    container.appendChild(cross);
    labels(map, readJson(box.getAttribute("data-labels")), 0);
    labels(map, readJson(box.getAttribute("data-places")), 12);
    var marker = null;
    var template = status.getAttribute("data-set");
    var none = status.getAttribute("data-none");
    document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });

    function districtName(latlng) {
      var found = "";
      layer.eachLayer(function (l) {
        if (!found && inside(latlng, l.feature.geometry)) { found = l.feature.properties.name; }
      });
      return found;
    }
    function inRing(pt, ring) {
      var c = false;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if (((yi > pt.lat) !== (yj > pt.lat)) && (pt.lng < (xj - xi) * (pt.lat - yi) / (yj - yi) + xi)) { c = !c; }
      }
      return c;
    }
    function inside(pt, g) {
      var polys = g.type === "MultiPolygon" ? g.coordinates : [g.coordinates];
      return polys.some(function (rings) {
        return inRing(pt, rings[0]) && !rings.slice(1).some(function (r) { return inRing(pt, r); });
      });
    }
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: "#a4161a",
          fillOpacity: 1 }).addTo(map);
      }
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      status.textContent = template.replace("{area}", districtName(latlng) || "–");
    }
    map.on("click", function (ev) { place(ev.latlng); });
    container.addEventListener("keydown", function (ev) {
      // stop a running keyboard pan first, so the point lands under the centre ring the user sees
      if (ev.key === "Enter" || ev.key === " ") { map.stop(); place(map.getCenter()); ev.preventDefault(); }
    });
    clear.addEventListener("click", function () {
      lon.value = ""; lat.value = "";
      if (marker) { marker.remove(); marker = null; }
      status.textContent = none;
    });
    if (lon.value && lat.value) {
      var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
      place(start);
      map.setView(start, Math.max(map.getZoom(), 13));
    }
  }

  document.querySelectorAll("[data-ymap]").forEach(function (box) {
    if (box.getAttribute("data-ymap") === "choropleth") { choropleth(box); } else { pointMap(box); }
  });
}());
