// campgrid's service worker: keeps the attendee views (schedule, agenda, plenary) and the
// app's own files readable when a phone loses its connection. Network first, so a reader
// online always sees the current schedule; the last copy only when the network fails.
const CACHE = 'campgrid-offline-v1';
const KEEP = /^\/c\/[^/]+\/(schedule|agenda|plenary)(\/|$)|^\/pkg\//;

function kept(url) {
  const u = new URL(url);
  return u.origin === self.location.origin && KEEP.test(u.pathname);
}

self.addEventListener('install', () => self.skipWaiting());

// Pages opened before the worker was running: keep a copy of them and of their files now.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await self.clients.claim();
    const cache = await caches.open(CACHE);
    const pages = await self.clients.matchAll({ type: 'window' });
    const urls = pages.map((c) => c.url).filter(kept);
    urls.push('/pkg/campgrid.js', '/pkg/campgrid.wasm', '/pkg/campgrid.css');
    await Promise.all(urls.map((u) => cache.add(u).catch(() => undefined)));
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !kept(req.url)) return;
  event.respondWith((async () => {
    try {
      const res = await fetch(req);
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    } catch (err) {
      const copy = await caches.match(req);
      if (copy) return copy;
      throw err;
    }
  })());
});
