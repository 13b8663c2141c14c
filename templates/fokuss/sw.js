/* Service worker of the portal (served by fokuss.views.service_worker from /sw.js).
   - shell cache: the static files of base.html and the offline page, fetched at install;
   - pages cache: the last-seen version of a few pages (dashboard, my deadlines, my tasks,
     events), network first, read from the cache only when the network fails;
   - every other page falls back to the offline page when the network fails;
   - only GET navigations are cached; POSTs, downloads and htmx fragments always go to the network;
   - signing in or out (a POST to those URLs, or a message from portal.js) empties the pages cache.
   Cache names carry the version (a hash of the shell files), so a deploy replaces them. */
"use strict";

const CONFIG = {{ config|safe }};
const SHELL_CACHE = "fokuss-shell-" + CONFIG.version;
const PAGES_CACHE = "fokuss-pages-" + CONFIG.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.shell.concat([CONFIG.offlineUrl])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("fokuss-") === 0 && name !== SHELL_CACHE && name !== PAGES_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function clearPages() {
  return caches.delete(PAGES_CACHE);
}

function isKeptPage(url) {
  return url.origin === self.location.origin && CONFIG.pages.indexOf(url.pathname) !== -1 && !url.search;
}

function cacheable(response) {
  var type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && response.type === "basic" && type.indexOf("text/html") === 0;
}

/* Marks a page read from the cache: portal.js then shows the "offline" banner. */
function markFromCache(response) {
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.set("X-Served-From", "cache");
    return new Response(html.replace('data-served="network"', 'data-served="cache"'),
      {status: 200, statusText: "OK", headers: headers});
  });
}

function offlinePage() {
  return caches.match(CONFIG.offlineUrl).then(function (response) {
    return response || new Response("Offline", {status: 503, headers: {"Content-Type": "text/plain"}});
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (cacheable(response)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) { return cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE)
      .then(function (cache) { return cache.match(request.url); })
      .then(function (cached) { return cached ? markFromCache(cached) : offlinePage(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET") {
    if (request.method === "POST" && url.origin === self.location.origin
        && CONFIG.sessionUrls.indexOf(url.pathname) !== -1) {
      event.waitUntil(clearPages());
    }
    return;  // writes always go to the network, never to a cache
  }
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf(CONFIG.staticUrl) === 0) {
    // Shell files: from the cache of this version (fonts are asked for with a ?hash query).
    event.respondWith(caches.open(SHELL_CACHE).then(function (cache) {
      return cache.match(request, {ignoreSearch: true}).then(function (hit) { return hit || fetch(request); });
    }));
    return;
  }
  if (request.mode !== "navigate" || request.headers.get("HX-Request")) {
    return;
  }
  if (isKeptPage(url)) {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "clear-user-caches") {
    event.waitUntil(clearPages());
  } else if (data.type === "keep-page" && typeof data.url === "string") {
    // A kept page seen before this worker controlled the tab: fetch it once so that it is there offline.
    var url = new URL(data.url, self.location.origin);
    if (isKeptPage(url)) {
      event.waitUntil(fetch(url.href, {credentials: "same-origin"}).then(function (response) {
        if (cacheable(response)) {
          return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(url.href, response); });
        }
      }).catch(function () {}));
    }
  }
});
