// Turns web push on and off for this browser. The page passes the server's public key; the subscription goes back to
// the page, which saves it through the notifications service.
window.aetherPush = (function () {
    function supported() {
        return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    }

    function keyBytes(base64Url) {
        const padded = (base64Url + '==='.slice((base64Url.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
        return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
    }

    async function registration() {
        return navigator.serviceWorker.getRegistration('/') || null;
    }

    function describe() {
        const ua = navigator.userAgent;
        const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
        const system = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'this device';
        return browser + ' on ' + system;
    }

    return {
        // { state: 'unsupported' | 'denied' | 'off' | 'on', endpoint }
        state: async function () {
            if (!supported()) { return { state: 'unsupported', endpoint: null }; }
            if (Notification.permission === 'denied') { return { state: 'denied', endpoint: null }; }
            const reg = await registration();
            const sub = reg ? await reg.pushManager.getSubscription() : null;
            return { state: sub ? 'on' : 'off', endpoint: sub ? sub.endpoint : null };
        },
        // Returns { ok, subscription, error }: subscription is PushSubscription.toJSON() plus a label. With fresh, the
        // browser's current subscription is dropped first: it is registered to another account (a shared PC), whose device
        // the server never takes over, so this account gets a new endpoint of its own.
        enable: async function (publicKey, fresh) {
            if (!supported()) { return { ok: false, error: 'unsupported' }; }
            const permission = await Notification.requestPermission();
            if (permission !== 'granted') { return { ok: false, error: 'denied' }; }
            try {
                const reg = await navigator.serviceWorker.register('/push-worker.js', { scope: '/' });
                await navigator.serviceWorker.ready;
                let sub = await reg.pushManager.getSubscription();
                const key = keyBytes(publicKey);
                if (sub && fresh) { await sub.unsubscribe(); sub = null; }
                if (sub && sub.options && sub.options.applicationServerKey) {
                    const current = new Uint8Array(sub.options.applicationServerKey);
                    // Subscribed with another server key (a reinstalled server): start again with this one.
                    if (current.length !== key.length || current.some(function (b, i) { return b !== key[i]; })) { await sub.unsubscribe(); sub = null; }
                }
                sub = sub || await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
                return { ok: true, subscription: Object.assign(sub.toJSON(), { label: describe() }) };
            } catch (e) {
                return { ok: false, error: 'failed', detail: String(e && e.message || e) };
            }
        },
        // Returns the endpoint that was turned off, or null.
        disable: async function () {
            if (!supported()) { return null; }
            const reg = await registration();
            const sub = reg ? await reg.pushManager.getSubscription() : null;
            if (!sub) { return null; }
            const endpoint = sub.endpoint;
            await sub.unsubscribe();
            return endpoint;
        }
    };
})();

// Signing out turns push off for this browser first (a shared lab PC must not keep showing the last user's news):
// the server forgets the device and the browser drops the subscription, then the sign-out goes ahead.
document.addEventListener('submit', function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !/\/account\/logout$/.test(form.getAttribute('action') || '') || form.dataset.pushOff) { return; }
    if (!('serviceWorker' in navigator)) { return; }
    event.preventDefault();
    form.dataset.pushOff = '1';
    const turnOff = (async function () {
        const reg = await navigator.serviceWorker.getRegistration('/');
        const sub = reg ? await reg.pushManager.getSubscription() : null;
        if (!sub) { return; }
        try {
            const setup = await (await fetch('/api/v1/notifications/push-subscriptions', { credentials: 'same-origin' })).json();
            const device = (setup.data && setup.data.devices || []).find(function (d) { return d.endpoint === sub.endpoint; });
            if (device) { await fetch('/api/v1/notifications/push-subscriptions/' + device.id, { method: 'DELETE', credentials: 'same-origin' }); }
        } finally { await sub.unsubscribe(); }
    })();
    // Never hold the sign-out up for long.
    Promise.race([turnOff, new Promise(function (resolve) { setTimeout(resolve, 3000); })])
        .catch(function () { }).then(function () {
            // The circuit may have re-rendered the app bar meanwhile, and a form no longer in the page submits nothing:
            // post a copy of it (submit() raises no submit event, so this handler does not run again).
            const post = form.isConnected ? form : document.body.appendChild(form.cloneNode(true));
            HTMLFormElement.prototype.submit.call(post);
        });
}, true);
