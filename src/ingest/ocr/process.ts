/** Runs a command line tool with bytes on its standard input and collects what it prints. */
import { spawn } from 'node:child_process';

export interface ProcessOutput {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

export class CommandMissingError extends Error {
  constructor(readonly command: string) {
    super(`command not found: ${command}`);
    this.name = 'CommandMissingError';
  }
}

export function runCommand(command: string, args: readonly string[], input?: Buffer, environment: NodeJS.ProcessEnv = process.env): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new CommandMissingError(command) : error));
    child.on('close', (code) => resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), code }));
    // A tool that exits before reading all of its input (bad arguments) must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}
