// A theme's front-end script: live "Latest posts" over WordSocket. The client comes from the
// bundle the server builds; a WordPress theme would enqueue the plugin's copy instead.
import { WordSocketClient } from '/wordsocket.js';

const status = document.querySelector('#status');
const list = document.querySelector('#posts');

const client = new WordSocketClient({
  url: new URL('/relay', location.href).href,
  getToken: () =>
    fetch('/token')
      .then((response) => response.json())
      .then((body) => body.token),
  getChannelKey: (channel) =>
    fetch(`/keys?channel=${encodeURIComponent(channel)}`)
      .then((response) => (response.ok ? response.json() : {}))
      .then((body) => body.key),
});

client.on('state', ({ state }) => {
  status.textContent = state;
  status.dataset.state = state;
});

client.on('message', ({ origin, event, data }) => {
  // Only WordPress may announce posts: a message another browser published is not trusted.
  if (origin !== 'server' || event !== 'post.published') return;

  const item = document.createElement('li');
  item.textContent = data.title;
  list.prepend(item);
});

client.on('gap', () => {
  // Some posts may have been missed while offline: a real theme refetches the list here.
  status.title = 'reconnected; the list may be incomplete';
});

client.subscribe('posts');
client.connect();

document.querySelector('#publish').addEventListener('click', () => {
  fetch('/demo/publish', { method: 'POST' });
});
