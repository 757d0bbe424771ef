// An open-loop load generator for bench:dev: one GET every 1000/rate ms, evenly spaced (autocannon's -R sends
// each second's quota in a burst at the start of the second), latency from the scheduled send time.
// Prints one JSON document: { p50, p99, max, sent, errors, non2xx }.
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { url: { type: 'string' }, rate: { type: 'string', default: '100' }, duration: { type: 'string', default: '30' } },
});
if (!values.url) throw new Error('--url is required');
const url = new URL(values.url);
const rate = Number(values.rate);
const total = Math.round(rate * Number(values.duration));
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const latencies: number[] = [];
let errors = 0;
let non2xx = 0;

function send(scheduledAt: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { agent, method: 'GET' }, (res) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
      res.resume();
      res.on('end', () => {
        // Measured from when the request was due, so a late send (a stalled generator) counts against us too.
        latencies.push(performance.now() - scheduledAt);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

const start = performance.now() + 50;
const pending: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(send(due));
}
await Promise.all(pending);
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * p) - 1)] ?? NaN).toFixed(1));
process.stdout.write(`${JSON.stringify({ p50: at(0.5), p99: at(0.99), max: at(1), sent: total, errors, non2xx })}\n`);
