import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * A free loopback port to put into settings before the server that will use it listens.
 * Port 0 would give an ephemeral port, which the OS hands out again for outgoing connections
 * (every storage call of a test makes some), so one can be taken between our probe and our
 * listen. Ports are therefore drawn at random from below the ephemeral range.
 */
export async function freePort(random: () => number = Math.random): Promise<number> {
  const [low, high] = allowedRange();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`No free port found between ${low} and ${high}`);
}

function allowedRange(): [number, number] {
  let ephemeralStart = 32768;
  try {
    ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralStart;
  } catch {
    // Not Linux: keep the common default.
  }
  return [Math.min(20000, ephemeralStart - 2000), ephemeralStart - 1];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
