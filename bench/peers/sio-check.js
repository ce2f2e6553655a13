'use strict';
// Checks the Socket.IO peer with the official client (socket.io-client 4.8): the kit's own wire client
// speaks the same Engine.IO/Socket.IO frames, and this proves the server side of that dialect is the
// standard one. Exits 0 when a subscriber got the published message within 5 s.
const { io } = require('socket.io-client');

const url = `http://127.0.0.1:${process.argv[2] || 8082}`;
const opts = { transports: ['websocket'], reconnection: false, timeout: 3000 };
const sub = io(url, opts);
const pub = io(url, opts);
const timer = setTimeout(() => { console.error('sio-check: timeout'); process.exit(1); }, 5000);

sub.on('ok', () => pub.emit('pub', 'b:check', '@@0000000000000000001xx'));
sub.on('m', (channel, data) => {
  if (channel === 'b:check' && data.startsWith('@@')) {
    clearTimeout(timer);
    console.log('sio-check: ok');
    sub.close();
    pub.close();
    process.exit(0);
  }
});
sub.on('connect', () => sub.emit('sub', 'b:check'));
sub.on('connect_error', (e) => { console.error('sio-check: ' + e.message); process.exit(1); });
