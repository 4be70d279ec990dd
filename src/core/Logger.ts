export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured logging (docs/style.md §5). A child logger adds fields (device, module) to every line; the sink stamps the
 * (virtual) time. Never put secrets into fields.
 */
export interface Logger {
  child(fields: LogFields): Logger;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

export type LogSink = (level: LogLevel, msg: string, fields: LogFields) => void;

/** A logger over any sink; `min` drops lines below that level. */
export function makeLogger(sink: LogSink, min: LogLevel = "info", base: LogFields = {}): Logger {
  const rank = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  return {
    child: (fields) => makeLogger(sink, min, { ...base, ...fields }),
    log: (level, msg, fields = {}) => {
      if (rank[level] >= rank[min]) sink(level, msg, { ...base, ...fields });
    },
  };
}

export const silentLogger: Logger = makeLogger(() => undefined, "error");
