/*! parcours.js: sends a web page's usage events to Parcours (Segment-style messages, POST /v1/batch). No dependency. */
(() => {
  "use strict";
  const VERSION = "1.0.0";
  const STORE = "parcours."; // localStorage prefix
  const MAX_BATCH_BYTES = 400000; // the server takes 500 KB per batch
  const MAX_BEACON_BYTES = 60000; // browsers refuse beacons past 64 KB in flight
  const MAX_RETRY_MS = 60000;
  const MAX_QUEUE = 1000; // offline for long: the oldest messages go first

  const stub = window.parcours;
  if (stub && stub.loaded) return; // the script was included twice

  // Storage can be disabled or full (private windows): the page then keeps working from memory.
  const read = (key) => { try { return JSON.parse(localStorage.getItem(STORE + key)); } catch { return null; } };
  const write = (key, value) => { try { localStorage.setItem(STORE + key, JSON.stringify(value)); } catch { /* memory only */ } };

  // crypto.randomUUID exists only on HTTPS pages (and localhost); getRandomValues works everywhere.
  const uuid = () => crypto.randomUUID?.() ??
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

  const base = new URL(document.currentScript?.src || location.href).origin;
  let settings = { host: base, flushAt: 20, flushInterval: 5000 };
  let writeKey = null;
  let anonymousId = read("anonymousId");
  let userId = read("userId");
  // Messages not yet acknowledged, kept across the site's pages (and shared by its tabs, the last to write wins);
  // a message sent twice is stored once, by its messageId.
  let queue = read("queue") || [];
  let timer = 0;
  let delay = 0; // current retry delay, 0 when the last send worked
  let sending = false;

  if (!anonymousId) write("anonymousId", (anonymousId = uuid()));

  const save = () => write("queue", queue);
  const size = (value) => new Blob([JSON.stringify(value)]).size;

  const pageInfo = () => ({
    path: location.pathname,
    referrer: document.referrer,
    search: location.search,
    title: document.title,
    url: location.href,
  });

  const enqueue = (type, fields) => {
    queue.push({
      type,
      messageId: uuid(),
      timestamp: new Date().toISOString(),
      anonymousId,
      ...(userId == null ? {} : { userId }),
      context: {
        library: { name: "parcours.js", version: VERSION },
        page: pageInfo(),
        userAgent: navigator.userAgent,
        locale: navigator.language,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
      ...fields,
    });
    queue.splice(0, queue.length - MAX_QUEUE);
    save();
    if (queue.length >= settings.flushAt) flush();
    else schedule();
  };

  const schedule = () => {
    if (!timer && queue.length) timer = setTimeout(flush, delay || settings.flushInterval);
  };

  /** The first messages of the queue, up to a byte budget (always at least one). */
  const take = (budget) => {
    let n = 0;
    while (n < queue.length && (budget -= size(queue[n])) > 0) n++;
    return queue.slice(0, Math.max(n, 1));
  };

  const body = (batch) => JSON.stringify({ writeKey, sentAt: new Date().toISOString(), batch });

  const done = (batch) => {
    queue = queue.filter((m) => !batch.includes(m));
    save();
  };

  const flush = async () => {
    clearTimeout(timer);
    timer = 0;
    if (sending || !writeKey || !queue.length) return;
    sending = true;
    const batch = take(MAX_BATCH_BYTES);
    try {
      const response = await fetch(settings.host + "/v1/batch", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: body(batch),
      });
      // 429 and 5xx may work later; any other 4xx never will, so those messages are dropped, not retried forever.
      if (response.ok || (response.status < 500 && response.status !== 429)) {
        if (!response.ok) console.warn("parcours: the server refused " + batch.length + " message(s): " + response.status);
        done(batch);
        delay = 0;
      } else {
        delay = Math.min(2 * (delay || settings.flushInterval), MAX_RETRY_MS);
      }
    } catch {
      // Offline or unreachable: the same messages (same messageIds) go again later.
      delay = Math.min(2 * (delay || settings.flushInterval), MAX_RETRY_MS);
    }
    sending = false;
    if (queue.length >= settings.flushAt && !delay) flush();
    else schedule();
  };

  // The page is going away (or hidden, which may be the last chance on mobile): hand the queue to the browser.
  // text/plain, because a beacon of any other type is a credentialed CORS request that /v1 does not allow.
  const beacon = () => {
    while (writeKey && queue.length) {
      const batch = take(MAX_BEACON_BYTES);
      if (!navigator.sendBeacon(settings.host + "/v1/batch", new Blob([body(batch)], { type: "text/plain" }))) break;
      done(batch); // what is left stays stored and goes with the next page
    }
  };
  addEventListener("pagehide", beacon);
  addEventListener("visibilitychange", () => document.visibilityState === "hidden" && beacon());

  const parcours = {
    loaded: true,
    VERSION,

    /** load(writeKey, { host, flushAt, flushInterval }): host defaults to where this script comes from. */
    load(key, options) {
      writeKey = key;
      settings = { ...settings, ...options };
      settings.host = String(options?.host || base).replace(/\/+$/, "");
      schedule();
    },

    /** page(), page(name), page(properties) or page(name, properties). */
    page(name, properties) {
      if (typeof name === "object" && name) [name, properties] = [undefined, name];
      enqueue("page", { ...(name == null ? {} : { name }), properties: { ...pageInfo(), ...(name == null ? {} : { name }), ...properties } });
    },

    /** identify(userId, traits) or identify(traits) for the current user. */
    identify(id, traits) {
      if (typeof id === "object" && id) [id, traits] = [undefined, id];
      if (id != null) write("userId", (userId = id));
      enqueue("identify", { traits: { ...traits } });
    },

    track(event, properties) {
      enqueue("track", { event, properties: { ...properties } });
    },

    group(groupId, traits) {
      enqueue("group", { groupId, traits: { ...traits } });
    },

    /** alias(newId, previousId?): links the previous id (by default the current user or anonymous id) to newId. */
    alias(id, previousId) {
      enqueue("alias", { userId: id, previousId: previousId ?? userId ?? anonymousId });
      write("userId", (userId = id));
    },

    /** Forgets the user (sign-out): a new anonymous id, no user id. Queued messages still go. */
    reset() {
      userId = null;
      write("userId", null);
      write("anonymousId", (anonymousId = uuid()));
    },

    /** Sends the queue now; resolves when the request is over. */
    flush,
  };

  window.parcours = parcours;
  // Replay what the page asked before this script arrived (the snippet's stub records [method, ...args]).
  if (Array.isArray(stub)) for (const [method, ...args] of stub) parcours[method]?.(...args);
})();
