import { readFileSync } from 'node:fs';
import { runImportCommand } from './import-command.js';
import { runServerCommand } from './server-command.js';
import { runStartCommand } from './start-command.js';
import { UsageError } from './usage-error.js';

const USAGE = `livespan: realtime tracing for TypeScript

Usage: livespan <command> [options]

Commands:
  livespan start [options] -- <command…>   run the server and Dev UI, and your app with realtime tracing
  livespan server [options]                run the telemetry server and Dev UI only
  livespan mcp [--url <url>]               an MCP server over stdio for coding agents: run flows, read and wait on traces
  livespan import [--url <url>] FILE…      import traces downloaded from the Dev UI (or GET /api/traces/:traceId)

Run "livespan <command> --help" for the options of a command.
`;

/** Runs the CLI with `argv` (without node and the script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runStartCommand(rest);
      case 'server':
        return await runServerCommand(rest);
      case 'import':
        return await runImportCommand(rest);
      case 'mcp':
        // Loaded on demand: the MCP SDK is only needed here.
        return await (await import('./mcp/mcp-command.js')).runMcpCommand(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${version()}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`livespan: ${error.message}\n${error.hint ? `${error.hint}\n` : USAGE}`);
      return 2;
    }
    process.stderr.write(`livespan: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}
