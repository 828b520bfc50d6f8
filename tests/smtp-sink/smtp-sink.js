// A real SMTP server for Parcours' tests (npm smtp-server): it accepts every message, parses it with mailparser and
// prints it on stdout as one JSON line. The first line is "LISTENING <port>".
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const port = Number(process.argv[2] || 0);
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then(mail => {
        const message = {
          messageId: mail.messageId,
          from: mail.from && mail.from.text,
          to: session.envelope.rcptTo.map(r => r.address),
          subject: mail.subject,
          text: mail.text,
          html: mail.html || null,
          rawHeaders: (mail.headerLines || []).map(h => h.line),
          headers: Object.fromEntries([...mail.headers].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
        };
        process.stdout.write(JSON.stringify(message) + '\n');
        callback();
      })
      .catch(callback);
  },
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`LISTENING ${server.server.address().port}\n`));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
