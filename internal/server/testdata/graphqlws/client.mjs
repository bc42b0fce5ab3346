// A browser-style graphql-ws client: it sets no header on the WebSocket (a browser cannot) and
// signs in through the connection_init payload. It subscribes to the query given and prints one
// JSON line per happening on stdout: {"event":"connected"}, {"event":"next","payload":…},
// {"event":"error","payload":…}, {"event":"complete"}, {"event":"closed","code":…,"reason":…};
// it exits when the socket closes.
//
// usage: node client.mjs <ws-url> <access-token> <subscription-query>
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, query] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

// Only the URL and the subprotocol, as a browser's new WebSocket(url, protocols) does.
class BrowserWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols);
  }
}

const client = createClient({
  url,
  webSocketImpl: BrowserWebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  lazy: false,
  retryAttempts: 0,
  on: {
    connected: () => print({ event: 'connected' }),
    closed: (event) => {
      print({ event: 'closed', code: event.code, reason: String(event.reason ?? '') });
      process.exit(0);
    },
  },
});

client.subscribe(
  { query },
  {
    next: (payload) => print({ event: 'next', payload }),
    error: (err) => print({ event: 'error', payload: err instanceof Error ? err.message : err }),
    complete: () => print({ event: 'complete' }),
  },
);
