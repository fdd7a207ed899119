/**
 * The demo page's browser script, served as `/assets/demo.js` (the page's CSP forbids inline
 * script). It asks the server for a token, connects over WebSocket with first-frame auth,
 * subscribes, refreshes the token in-band, and reconnects with `since` after a drop. Message
 * contents are written with `textContent` only.
 */
export const DEMO_SCRIPT = `'use strict';
(() => {
  const csrf = document.querySelector('meta[name="wordsocket-csrf"]').content;
  const statusEl = document.getElementById('status');
  const channelEl = document.getElementById('channel');
  const textEl = document.getElementById('text');
  const logEl = document.getElementById('log');
  let socket = null;
  let channel = channelEl.value;
  let lastId = null;
  let refreshTimer = null;
  let refs = 0;

  const setStatus = (text) => {
    statusEl.textContent = text;
    statusEl.className = 'status' + (text === 'connected' ? ' connected' : '');
  };

  const log = (label, value) => {
    const entry = document.createElement('div');
    entry.className = 'entry';
    const time = new Date().toLocaleTimeString();
    entry.textContent = time + '  ' + label + '  ' + JSON.stringify(value);
    logEl.prepend(entry);
  };

  const post = async (path, body) => {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body || {}),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(json.message || json.error || response.status);
    return json;
  };

  const scheduleRefresh = (exp) => {
    clearTimeout(refreshTimer);
    const delay = Math.max(5000, exp * 1000 - Date.now() - 60000);
    refreshTimer = setTimeout(async () => {
      try {
        const { token } = await post('/demo/token');
        if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'auth', token }));
      } catch (error) {
        log('token refresh failed', String(error.message || error));
      }
    }, delay);
  };

  const subscribe = () => {
    const frame = { type: 'subscribe', channels: [channel] };
    if (lastId) frame.since = { [channel]: lastId };
    socket.send(JSON.stringify(frame));
  };

  const connect = async () => {
    setStatus('connecting');
    let token;
    try {
      token = (await post('/demo/token')).token;
    } catch (error) {
      setStatus('no token');
      log('cannot get a token', String(error.message || error));
      return;
    }

    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/ws');
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      switch (frame.type) {
        case 'auth_ok':
          scheduleRefresh(frame.exp);
          if (statusEl.textContent !== 'connected') subscribe();
          break;
        case 'subscribed':
          setStatus('connected');
          break;
        case 'message':
          if (frame.id) lastId = frame.id;
          log(frame.origin + ' ' + frame.event, frame.data);
          break;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'error':
          log('error ' + frame.code, frame.message);
          break;
      }
    };
    socket.onclose = (event) => {
      clearTimeout(refreshTimer);
      setStatus('disconnected (' + event.code + ')');
      if (event.code !== 4003) setTimeout(connect, 1000 + Math.random() * 2000);
    };
  };

  channelEl.addEventListener('change', () => {
    if (!socket || socket.readyState !== 1) return;
    socket.send(JSON.stringify({ type: 'unsubscribe', channels: [channel] }));
    channel = channelEl.value;
    lastId = null;
    subscribe();
  });

  document.getElementById('publish-client').addEventListener('click', () => {
    if (!socket || socket.readyState !== 1) return;
    refs += 1;
    socket.send(JSON.stringify({
      type: 'message', channel, event: 'demo', ref: 'r' + refs,
      data: { text: textEl.value, sent_at: new Date().toISOString() },
    }));
  });

  document.getElementById('publish-server').addEventListener('click', async () => {
    try {
      await post('/demo/publish', { channel, text: textEl.value });
    } catch (error) {
      log('publish failed', String(error.message || error));
    }
  });

  connect();
})();
`;
