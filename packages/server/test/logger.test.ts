import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(line)) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level and event', () => {
    const { lines, logger } = capture();
    logger.info('listening', { port: 8080 });

    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const record = JSON.parse(lines[0] as string);
    expect(record).toMatchObject({ level: 'info', event: 'listening', port: 8080 });
    expect(typeof record.time).toBe('string');
  });

  it('drops lines below its level', () => {
    const { lines, logger } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');

    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['loud']);
  });

  it('redacts fields whose names look like secrets', () => {
    const { lines, logger } = capture();
    logger.info('oops', { jwt_secret: 'abc', token: 'eyJ', publish_secret: 'x', site_id: 'ok' });

    const record = JSON.parse(lines[0] as string);
    expect(record).toMatchObject({ jwt_secret: '[redacted]', token: '[redacted]', site_id: 'ok' });
    expect(lines[0]).not.toContain('eyJ');
  });

  it('describes an error by name, message and code', () => {
    const { lines, logger } = capture();
    logger.error('failed', { error: Object.assign(new Error('boom'), { code: 'E1' }) });

    expect(JSON.parse(lines[0] as string).error).toEqual({
      name: 'Error',
      message: 'boom',
      code: 'E1',
    });
  });
});
