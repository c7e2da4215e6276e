import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installProcessGuards } from '../../../src/process-guards.js';
import { captureLogger } from '../../support/capture-logger.js';

describe('process guards', () => {
  it('logs an unhandled rejection as JSON with the Slack error and keeps running', () => {
    const target = new EventEmitter();
    const { logger, lines } = captureLogger();
    const fatal: string[] = [];
    installProcessGuards(target as never, () => logger, (reason) => fatal.push(reason));
    const error = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 503'), { code: 'slack_webapi_http_error' });
    target.emit('unhandledRejection', error, Promise.resolve());
    const line = JSON.parse(lines.at(-1)!);
    expect(line).toMatchObject({ level: 'error', msg: 'unhandled promise rejection', kind: 'unhandledRejection',
      error: { name: 'Error', code: 'slack_webapi_http_error', message: expect.stringContaining('503') } });
    expect(fatal).toEqual([]);
  });

  it('logs an uncaught exception and asks for a clean shutdown', () => {
    const target = new EventEmitter();
    const { logger, lines } = captureLogger();
    const fatal: string[] = [];
    installProcessGuards(target as never, () => logger, (reason) => fatal.push(reason));
    target.emit('uncaughtException', new TypeError('boom'), 'uncaughtException');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ level: 'error', kind: 'uncaughtException', origin: 'uncaughtException',
      error: { name: 'TypeError', message: 'boom' } });
    expect(fatal).toEqual(['uncaughtException']);
  });
});
