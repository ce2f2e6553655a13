'use strict';
// Socket.IO 4.8 broadcast server, rooms for channels, websocket transport only, permessage-deflate off.
//   emit("sub", channel)        join the room; answered with emit("ok", channel)
//   emit("pub", channel, data)  io.to(channel).emit("m", channel, data)
// GET /__mem answers heap figures after a full GC (node --expose-gc).
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8082);

const server = http.createServer((req, res) => {
  if (req.url === '/__mem') {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ heapUsed: m.heapUsed, external: m.external, rss: m.rss }));
    return;
  }
  if (!req.url.startsWith('/socket.io/')) {
    res.writeHead(404);
    res.end();
  }
});

const io = new Server(server, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 1e6,
});

io.on('connection', (socket) => {
  socket.on('sub', (channel) => {
    socket.join(channel);
    socket.emit('ok', channel);
  });
  socket.on('pub', (channel, data) => {
    io.to(channel).emit('m', channel, data);
  });
});

server.listen(port, '127.0.0.1', () => console.log(`socket.io peer listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));
