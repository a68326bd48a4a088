// AetherLearn's service worker: shows web push notifications and opens the page they are about.
// It lives at the site root so its scope covers every page; it does nothing else (no caching).
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener('push', function (event) {
    let data = {};
    try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : '' }; }
    event.waitUntil(self.registration.showNotification(data.title || 'AetherLearn', {
        body: data.body || '',
        // The notification id: a message sent again replaces the one on screen instead of stacking.
        tag: data.tag || undefined,
        icon: '/favicon.png',
        data: { url: data.url || '/notifications' }
    }));
});

self.addEventListener('notificationclick', function (event) {
    event.notification.close();
    const target = new URL(event.notification.data && event.notification.data.url || '/notifications', self.location.origin).href;
    event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
        for (const w of windows) {
            if (w.url === target && 'focus' in w) { return w.focus(); }
        }
        return self.clients.openWindow(target);
    }));
});

// The browser renewed the subscription on its own: tell the server the new address (signed in by the site's cookie).
self.addEventListener('pushsubscriptionchange', function (event) {
    const options = event.oldSubscription ? event.oldSubscription.options : null;
    if (!options) { return; }
    event.waitUntil(self.registration.pushManager.subscribe(options).then(function (subscription) {
        return fetch('/api/v1/notifications/push-subscriptions', {
            method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(Object.assign(subscription.toJSON(), { label: 'Renewed by the browser' }))
        });
    }));
});
