// live_client.mjs — a small server-sent events reader for the tests of GET /api/live: opens
// the stream with a member's cookie, parses the events as they come and lets a test wait for
// one that matches.
import http from 'node:http';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Opens /api/live; resolves once the status line and headers arrived. A non-200 answer
// collects its body (JSON error) in `text`.
export function openLive(srv, client) {
  return new Promise((resolve, reject) => {
    const headers = client && client.cookie ? { Cookie: client.cookie } : {};
    const req = http.get({ host: '127.0.0.1', port: srv.port, path: '/api/live', headers }, (res) => {
      const s = {
        status: res.statusCode, headers: res.headers, events: [], comments: 0, ended: false, text: '',
        close() { req.destroy(); },
        // Resolves with the first event (from index `from`) that pred accepts; rejects after
        // `ms` (a bound for a failing test, not a timing assertion).
        async next(pred = () => true, { from = 0, ms = 10000 } = {}) {
          for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(10)) {
            const i = this.events.findIndex((e, k) => k >= from && pred(e));
            if (i >= 0) return { ...this.events[i], index: i };
            if (this.ended) break;
          }
          throw new Error(`no such event; got ${JSON.stringify(this.events)}`);
        },
        async end(ms = 10000) {
          for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(10)) if (this.ended) return true;
          return false;
        },
      };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        if (s.status !== 200) { s.text += d; return; }
        buf += d;
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          let event = 'message', data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments++;
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) s.events.push({ event, data: JSON.parse(data) });
        }
      });
      res.on('end', () => { s.ended = true; });
      res.on('error', () => { s.ended = true; });
      res.on('close', () => { s.ended = true; });
      resolve(s);
    });
    req.on('error', reject);
  });
}
