'use strict';
// Bare `ws` broadcast server: the raw ceiling. Dialect (same as TyrusBroadcastServer):
//   "S<channel>"            subscribe; answered with "A<channel>"
//   "P<channel> <message>"  send <message> verbatim to every subscriber of <channel>
// permessage-deflate off. GET /__mem answers heap figures after a full GC (node --expose-gc).
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8081);
const channels = new Map(); // channel -> Set<WebSocket>

const server = http.createServer((req, res) => {
  if (req.url === '/__mem') {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ heapUsed: m.heapUsed, external: m.external, rss: m.rss }));
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws) => {
  const mine = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    if (text[0] === 'S') {
      const channel = text.slice(1);
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      set.add(ws);
      mine.push(channel);
      ws.send('A' + channel);
    } else if (text[0] === 'P') {
      const space = text.indexOf(' ');
      const set = channels.get(text.slice(1, space));
      if (!set) return;
      const message = text.slice(space + 1);
      for (const client of set) client.send(message);
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    for (const channel of mine) {
      const set = channels.get(channel);
      if (set && set.delete(ws) && set.size === 0) channels.delete(channel);
    }
  });
});

server.listen(port, '127.0.0.1', () => console.log(`ws peer listening on ${port}`));
process.on('SIGTERM', () => process.exit(0));
