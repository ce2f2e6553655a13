// A page's use of the client, compiled with --strict --noEmit against herald.d.ts (npm test): a
// declaration that no longer fits how the client is used fails the build.
import Herald, {
  CLOSE_CODES, CLIENT_CLOSE_REASONS, DEFAULTS, HeraldError, State, SubscriptionState, backoff, closeCodeName,
  defaultUrl, shouldReconnect,
} from '../../src/herald.js';
import type { Publication, StreamPosition, Subscription } from '../../src/herald.js';

const herald = new Herald(defaultUrl({ href: 'https://app.example.com/chat/' }), {
  token: 'jwt',
  getToken: async () => 'fresh-jwt',
  name: 'alice',
  timeout: DEFAULTS.timeout,
  WebSocket, // the browser's own class fits the option
  network: null,
});
herald.on('state', ({ oldState, newState }) => console.log(oldState, newState === State.CONNECTED));
herald.on('connected', ({ client, user, ping }) => console.log(client, user, ping + 1));
herald.on('disconnected', ({ code, reason }) => console.log(closeCodeName(code), shouldReconnect(code), reason));
herald.on('error', ({ type, error }) => console.log(type, error.message));
herald.on('serverSubscribed', async ({ channel, position, previous }) => {
  if (previous && previous.epoch === position.epoch && previous.offset < position.offset) {
    const missed = await herald.history(channel, { since: previous }); // no recovery for server-side channels
    console.log(missed.publications.length);
  }
});
herald.on('serverPublication', ({ channel, offset, data }: Publication) => console.log(channel, offset, data));
herald.on('serverJoin', ({ channel, info }) => console.log(channel, info.name));
herald.on('serverLeave', ({ channel, info }) => console.log(channel, info.client));
const granted: string[] = herald.serverSubscriptions();
console.log(granted.length);
herald.connect();

let last: StreamPosition | null = null;
const room: Subscription = herald.subscribe('chat:room', {
  since: { offset: 0, epoch: '' },
  onPublication: (pub: Publication) => {
    last = room.position ?? { offset: pub.offset, epoch: '' };
  },
  onJoin: ({ channel, info }) => console.log(channel, info.user),
  onStateChange: ({ newState }) => console.log(newState === SubscriptionState.SUBSCRIBED),
  onSubscribed: ({ recovered, publications, position }) => console.log(recovered, publications.length, position.offset),
  onUnsubscribed: ({ code, reason }) => console.log(code, reason),
  onError: ({ error }) => console.log(error instanceof HeraldError ? error.code : 'other'),
});
room.once('leave', ({ info }) => console.log(info.client));

async function use(): Promise<void> {
  const position: StreamPosition = await room.publish({ text: 'hi' });
  await herald.publish('chat:room', new Uint8Array([1, 2, 3]));
  const presence = await room.presence();
  const history = await herald.history('chat:room', { limit: 10 });
  const rtt: number = await herald.ping();
  console.log(position.epoch, presence, history, rtt, last, herald.getSubscription('chat:room')?.state);
  console.log(herald.subscriptions().length, herald.queuedPublishes, CLOSE_CODES[4001]?.name,
    CLIENT_CLOSE_REASONS.OFFLINE, backoff(1, 500, 20_000));
  await room.unsubscribe();
  herald.disconnect();
}
void use();
