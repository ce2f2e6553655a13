/**
 * The chat demo: pick a name and a room (channel `chat:<room>`), see who is here, get the room's
 * recent history on entry and live messages after it. After a reconnect the page tells whether the
 * missed messages were recovered (they are shown, marked) or lost (the room is reloaded).
 */
import { Herald } from '../lib/herald.js';
import { $, el, bindConnectionState, storage, formatTime } from './ui.js';
import { HistoryMerge } from './history-merge.js';

/** Channel name characters (docs/protocol.md); the room follows the `chat:` namespace. */
const ROOM_PATTERN = /^[A-Za-z0-9_.=@#/:-]{1,200}$/;
/** Messages loaded on entry: enough context without a long first paint. */
const HISTORY_LIMIT = 50;
/** The log keeps this many items, so a long-open tab does not grow without bound. */
const MAX_ITEMS = 500;
const NAME_KEY = 'herald.chat.name';

/** @type {null | { herald: Herald, subscription?: any, merge: HistoryMerge, presence: Map<string, any>,
 *   recovered: Set<number>, unbind: () => void, leaving: boolean }} */
let session = null;

function init() {
  const params = new URLSearchParams(location.search);
  $('#name').value = params.get('name') ?? storage.get('local', NAME_KEY) ?? '';
  $('#room').value = params.get('room') ?? 'lobby';
  $('#join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    join($('#name').value.trim(), $('#room').value.trim());
  });
  $('#send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  $('#leave').addEventListener('click', leave);
  // A clean close lets the others see us leave at once instead of after a timeout.
  addEventListener('pagehide', () => session?.herald.disconnect());
  if (params.has('name') && params.has('room')) {
    join($('#name').value.trim(), $('#room').value.trim());
  }
}

function join(name, room) {
  if (!name || !ROOM_PATTERN.test(room)) {
    $('#join-form').reportValidity();
    return;
  }
  storage.set('local', NAME_KEY, name);
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  url.searchParams.delete('name');
  history.replaceState(null, '', url);

  const herald = new Herald(null, { name });
  session = {
    herald,
    merge: new HistoryMerge(renderPublication),
    presence: new Map(),
    recovered: new Set(),
    unbind: bindConnectionState(herald, $('#state')),
    leaving: false,
  };
  watchConnection(herald);
  herald.on('connected', ({ transport }) => {
    $('#transport').dataset.transport = transport; // websocket, or http_stream / sse after a fallback
    $('#transport').textContent = `via ${transport}`;
  });
  session.subscription = herald.subscribe(`chat:${room}`, {
    onSubscribed,
    onPublication: (publication) => session.merge.live(publication),
    onJoin: ({ info }) => {
      session.presence.set(info.client, info);
      renderPresence();
      addEvent(info.client === session.herald.client ? 'You joined' : `${displayName(info)} joined`);
    },
    onLeave: ({ info }) => {
      session.presence.delete(info.client);
      renderPresence();
      addEvent(`${displayName(info)} left`);
    },
    onUnsubscribed: ({ code, reason }) => {
      if (code !== 'unsubscribe_called') {
        notify(`Cannot join this room: ${reason} (${code})`, 'error');
      }
    },
  });

  $('#messages').replaceChildren();
  $('#presence').replaceChildren();
  $('#presence-count').textContent = '0';
  $('#room-title').textContent = `Room ${room}`;
  document.title = `${room} — Herald chat`;
  notify('Connecting…');
  $('#join-form').hidden = true;
  $('#chat').hidden = false;
  herald.connect();
  $('#message').focus();
}

function watchConnection(herald) {
  herald.on('state', ({ oldState, newState }) => {
    if (oldState === 'connected' && newState === 'connecting') {
      notify('Connection lost. Reconnecting… Messages you send meanwhile are sent once it is back.', 'warn');
    }
  });
  herald.on('disconnected', ({ code, reason }) => {
    if (!session?.leaving) {
      notify(`Disconnected: ${reason || 'connection closed'} (${code}). Rejoin to try again.`, 'error');
    }
  });
}

/** First entry, recovered reconnect, or lost history: each tells the user something different. */
function onSubscribed({ recovering, recovered, publications }) {
  if (!recovering) {
    notify('');
    loadHistory();
  } else if (recovered) {
    for (const publication of publications) {
      session.recovered.add(publication.offset);
    }
    const count = publications.length;
    notify(count === 0
      ? 'Reconnected. Nothing was missed.'
      : `Reconnected. ${count} missed message${count === 1 ? '' : 's'} recovered.`, 'ok');
  } else {
    session.merge.reset();
    $('#messages').replaceChildren();
    notify('Reconnected, but the missed messages are no longer in history: the room was reloaded.', 'warn');
    loadHistory();
  }
  refreshPresence();
}

async function loadHistory() {
  const current = session;
  try {
    const { publications } = await current.subscription.history({ limit: HISTORY_LIMIT });
    current.merge.history(publications);
  } catch (error) {
    current.merge.history([]); // release the live messages held for it
    notify(`History unavailable: ${error.message}`, 'warn');
  }
}

async function refreshPresence() {
  const current = session;
  try {
    const { clients } = await current.subscription.presence();
    current.presence = new Map(Object.entries(clients));
    if (current === session) {
      renderPresence();
    }
  } catch (error) {
    if (error.code !== 'connection_closed') {
      $('#presence').replaceChildren(el('li', { class: 'muted' }, `Presence unavailable (${error.code})`));
    }
  }
}

function send() {
  const input = $('#message');
  const text = input.value.trim();
  if (!text || !session) {
    return;
  }
  input.value = '';
  if (session.herald.state !== 'connected') {
    notify('Not connected: your message will be sent when the connection is back.', 'warn');
  }
  session.subscription.publish({ text, time: Date.now() }).catch((error) => {
    notify(`Message not sent: ${error.message} (${error.code})`, 'error');
    if (!input.value) {
      input.value = text; // give it back so nothing typed is lost
    }
  });
}

function leave() {
  if (!session) {
    return;
  }
  session.leaving = true;
  session.subscription.unsubscribe();
  session.herald.disconnect();
  session.unbind();
  session = null;
  $('#chat').hidden = true;
  $('#join-form').hidden = false;
  $('#state').dataset.state = 'disconnected';
  $('#state').textContent = 'disconnected';
  document.title = 'Herald chat';
  $('#name').focus();
}

// ---- rendering ----------------------------------------------------------------------------------

function renderPublication(publication) {
  const data = publication.data;
  const info = publication.info;
  const text = data instanceof Uint8Array ? `[${data.length} bytes]`
    : typeof data?.text === 'string' ? data.text : JSON.stringify(data);
  const who = info ? displayName(info) : 'server';
  const time = typeof data?.time === 'number' ? data.time : Date.now();
  const mine = info?.client === session.herald.client;
  const recovered = session.recovered.delete(publication.offset);
  const item = el('li', {
    class: `message${mine ? ' mine' : ''}${recovered ? ' recovered' : ''}`,
    'data-testid': 'chat-message',
    'data-offset': String(publication.offset),
    'data-recovered': recovered ? 'true' : undefined,
  },
  el('span', { class: 'who' }, who),
  el('time', { datetime: new Date(time).toISOString() }, formatTime(time)),
  recovered ? el('span', { class: 'tag' }, 'recovered') : null,
  el('p', { class: 'text' }, text));
  append(item);
}

function addEvent(text) {
  append(el('li', { class: 'event', 'data-testid': 'chat-event' }, text));
}

function append(item) {
  const list = $('#messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  while (list.childElementCount > MAX_ITEMS) {
    list.firstElementChild.remove();
  }
  if (atBottom) {
    list.scrollTop = list.scrollHeight; // follow the conversation unless the user scrolled up to read
  }
}

function renderPresence() {
  const people = [...session.presence.values()].sort((a, b) => displayName(a).localeCompare(displayName(b)));
  $('#presence').replaceChildren(...people.map((info) => el('li', {
    'data-client': info.client,
    'data-testid': 'presence-item',
  }, displayName(info), info.client === session.herald.client ? ' (you)' : '')));
  $('#presence-count').textContent = String(people.length);
}

function displayName(info) {
  return info?.name || info?.user || 'anonymous';
}

function notify(text, kind = 'info') {
  const notice = $('#notice');
  notice.textContent = text;
  notice.dataset.kind = kind;
}

init();
