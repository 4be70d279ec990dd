/** Resolves at the first SIGINT or SIGTERM: how a long-running command (node, air, pbx, dns) is told to stop. */
export function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}
