type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

// Belt and braces: values under these keys never reach a log line, whoever passes them.
const SECRET_KEYS = /token|secret|password|authorization|access_token|encryption/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = describeError(value);
    else out[key] = value;
  }
  return out;
}

function describeError(error: Error): Record<string, unknown> {
  const cause = error.cause instanceof Error ? describeError(error.cause) : undefined;
  return { name: error.name, message: error.message, ...(cause ? { cause } : {}) };
}

/** Structured JSON lines on stdout (stderr for warn and error). */
export function createLogger(
  level: Level = 'info',
  base: Record<string, unknown> = {},
  write: (line: string, level: Level) => void = (line, lvl) =>
    (ORDER[lvl] >= ORDER.warn ? process.stderr : process.stdout).write(line + '\n'),
): Logger {
  const log = (lvl: Level) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...redact({ ...base, ...fields }) }), lvl);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}
