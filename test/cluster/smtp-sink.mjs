// A mail server for test/cluster/run.sh: plain SMTP on 127.0.0.1 (no TLS, no authentication), which keeps nothing
// but one JSON line per message it is given (Message-ID, recipients, subject, accepted or not) in SINK_FILE.
//   SINK_PORT_FILE  where the port it listens on is written (it takes a free one)
//   SINK_FILE       the messages, one JSON line each: {messageId, to, subject, accepted, at}
//   SINK_REJECT_EVERY=n  the first attempt of every n-th distinct Message-ID is answered 451 (a temporary
//                   failure after DATA): the sender must try again later; 0 rejects nothing
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

const file = process.env.SINK_FILE;
const rejectEvery = Number(process.env.SINK_REJECT_EVERY ?? 0);
const seen = new Set();

/** The headers of a message (folded lines unfolded), names in lower case; the first of each name wins. */
function headers(message) {
  const head = message.split(/\r\n\r\n/, 1)[0].replace(/\r\n[ \t]+/g, ' ');
  const found = {};
  for (const line of head.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) found[line.slice(0, at).trim().toLowerCase()] ??= line.slice(at + 1).trim();
  }
  return found;
}

/** Whether this delivery is refused for now: the first attempt of every `rejectEvery`-th new Message-ID. */
function refuse(messageId) {
  if (!rejectEvery || !messageId || seen.has(messageId)) return false;
  seen.add(messageId);
  return seen.size % rejectEvery === 1 % rejectEvery;
}

const server = createServer((socket) => {
  let buffer = '';
  let data = null; // the lines of the message while DATA is being received
  let envelope = { from: null, to: [] };
  const reply = (line) => socket.write(`${line}\r\n`);
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  reply('220 cluster-sink ESMTP');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line !== '.') {
          data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const h = headers(data.join('\r\n'));
        data = null;
        const messageId = h['message-id'] ?? null;
        const accepted = !refuse(messageId);
        const record = { messageId, to: envelope.to, subject: h.subject ?? null, accepted, at: Date.now() };
        appendFileSync(file, `${JSON.stringify(record)}\n`);
        reply(accepted ? '250 2.0.0 queued' : '451 4.3.0 try again later');
        envelope = { from: null, to: [] };
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-cluster-sink\r\n250 8BITMIME');
      else if (verb === 'HELO') reply('250 cluster-sink');
      else if (verb === 'MAIL') {
        envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [] };
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        if (envelope.from === null) reply('503 5.5.1 MAIL first');
        else {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        }
      } else if (verb === 'DATA') {
        if (!envelope.to.length) reply('503 5.5.1 RCPT first');
        else {
          data = [];
          reply('354 end with <CRLF>.<CRLF>');
        }
      } else if (verb === 'RSET') {
        envelope = { from: null, to: [] };
        reply('250 2.0.0 ok');
      } else if (verb === 'NOOP') reply('250 2.0.0 ok');
      else if (verb === 'QUIT') {
        reply('221 2.0.0 bye');
        socket.end();
      } else reply('502 5.5.2 not implemented');
    }
  });
});

writeFileSync(file, '');
server.listen(0, '127.0.0.1', () => {
  writeFileSync(process.env.SINK_PORT_FILE, String(server.address().port));
  console.log(`smtp sink on ${server.address().port}, rejecting the first attempt of every ${rejectEvery || 'no'}th message`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
