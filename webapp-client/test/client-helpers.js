// Shared set-up of the client tests: a Herald on a fake server with fast reconnect delays.
import { Herald } from '../src/herald.js';
import { FakeServer, nextEvent } from './fake-server.js';

/** Small delays keep reconnect tests fast; every wait below is still bounded and asserted. */
export const FAST = { minReconnectDelay: 5, maxReconnectDelay: 20, timeout: 2000 };

export function setup(t, options = {}, serverOptions = {}) {
  const server = new FakeServer(serverOptions);
  const herald = new Herald('ws://fake.test/app/ws', { WebSocket: server.WebSocket, ...FAST, ...options });
  t.after(() => herald.disconnect());
  return { server, herald };
}

export async function connected(t, options, serverOptions) {
  const context = setup(t, options, serverOptions);
  context.herald.connect();
  await nextEvent(context.herald, 'connected');
  return context;
}

export function recordStates(emitter) {
  const states = [];
  emitter.on('state', ({ oldState, newState }) => states.push(`${oldState}->${newState}`));
  return states;
}
