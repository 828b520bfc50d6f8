// Sends one identify and one track through the real @segment/analytics-node client, then flushes.
// Usage: node send.js <host> <writeKey> <userId>. Exits 0 when the client reports no error, 1 otherwise.
const { Analytics } = require('@segment/analytics-node');

const [host, writeKey, userId] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host, maxRetries: 1, flushInterval: 50 });
const errors = [];
analytics.on('error', (err) => errors.push(String(err && (err.reason || err.message || err.code) || err)));

analytics.identify({ userId, traits: { email: 'ada@example.com', name: 'Ada Lovelace' } });
analytics.track({ userId, event: 'Report Exported', properties: { format: 'csv' } });

analytics.closeAndFlush({ timeout: 15000 }).then(() => {
  if (errors.length > 0) {
    console.error(errors.join('\n'));
    process.exit(1);
  }
  console.log('SENT');
});
