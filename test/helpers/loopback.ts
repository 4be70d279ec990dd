/**
 * A random 127.x.y.0/24 block per test file, so test files running at the same time (and leftovers of a crashed run)
 * never share an address; every device port is then free.
 */
export function loopbackBlock(): (host: number) => string {
  const x = 100 + Math.floor(Math.random() * 150);
  const y = Math.floor(Math.random() * 250);
  return (host) => `127.${x}.${y}.${host}`;
}
