// campgrid's service worker: keeps the attendee views (schedule, agenda, plenary) and the
// app's own files readable when a phone loses its connection. The server puts this release's
// file names before this script (ASSETS, and HASHED when the names carry content hashes), so
// that every release is a new worker with a cache of its own.
//
// Pages are network first: a reader online always sees the current schedule; the last copy
// only when the network fails. The app's files are cached while the worker installs, before it
// answers any page, and every cache write finishes inside its event, so a page never loads a
// file the worker is still writing (issue 12, defect 11: "instantiateStreaming(): expected
// 4 bytes"). A hashed file never changes, so the cached one is answered without asking.
const CACHE = 'campgrid-offline ' + ASSETS.map((u) => u.split('/').pop()).join(' ');
const PAGES = /^\/c\/[^/]+\/(schedule|agenda|plenary)(\/|$)/;
const FILES = /^\/pkg\//;

function path(url) {
  const u = new URL(url);
  return u.origin === self.location.origin ? u.pathname : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASSETS);
    await self.skipWaiting();
  })());
});

// Keeps a copy of the pages already open (they loaded before this worker ran), then drops
// the copies of earlier releases, whose pages reference files that are gone: in this order,
// so that there is never a moment without a copy to read offline.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await self.clients.claim();
    const cache = await caches.open(CACHE);
    const pages = await self.clients.matchAll({ type: 'window' });
    const urls = pages.map((c) => c.url).filter((u) => PAGES.test(path(u) || ''));
    await Promise.all(urls.map((u) => cache.add(u).catch(() => undefined)));
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
  })());
});

async function networkFirst(event) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(event.request);
    if (res.ok) event.waitUntil(cache.put(event.request, res.clone()));
    return res;
  } catch (err) {
    // The copy kept on activation was fetched by the worker, without the page's headers
    // that the response varies on (language, cookie): any copy beats no page offline.
    const copy = await cache.match(event.request, { ignoreVary: true });
    if (copy) return copy;
    throw err;
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(CACHE);
  // The stored copy is decoded; which encoding brought it does not matter.
  const copy = await cache.match(event.request, { ignoreVary: true });
  if (copy) return copy;
  const res = await fetch(event.request);
  if (res.ok) event.waitUntil(cache.put(event.request, res.clone()));
  return res;
}

self.addEventListener('fetch', (event) => {
  const p = event.request.method === 'GET' ? path(event.request.url) : null;
  if (p === null) return;
  if (FILES.test(p)) {
    event.respondWith(HASHED ? cacheFirst(event) : networkFirst(event));
  } else if (PAGES.test(p)) {
    event.respondWith(networkFirst(event));
  }
});
