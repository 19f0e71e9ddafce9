import type { Command } from 'commander';

/** `riposte console [--port N]`: the responder's console over the local state folder, on 127.0.0.1. */
export function registerConsole(program: Command): void {
  program
    .command('console')
    .description('serve the web console over the local state folder on 127.0.0.1 (Ctrl-C to stop)')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--json', 'print {url, port, firstViewGzipBytes} as one JSON line once listening')
    .action(async (o: { port?: string; json?: boolean }, command: Command) => {
      const port = o.port === undefined ? 0 : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`riposte: --port takes a port number (0-65535), not "${o.port}"\n`);
        process.exitCode = 2;
        return;
      }
      const globals = command.optsWithGlobals<{ state: string; config?: string }>();
      process.stderr.write(`preparing the console over ${globals.state}…\n`);
      const { loadConfig } = await import('../../local/config-source.ts');
      const { startConsoleServer } = await import('../../console/server.ts');
      const server = await startConsoleServer({
        stateDir: globals.state,
        config: loadConfig(globals.config),
        port,
      });
      if (o.json) {
        const { url, firstViewGzipBytes } = server;
        process.stdout.write(`${JSON.stringify({ url, port: server.port, firstViewGzipBytes })}\n`);
      } else {
        process.stdout.write(
          `riposte console: ${server.url}\n  local simulation in ${globals.state}; the link works once (Ctrl-C to stop)\n`,
        );
      }
      const stop = () => {
        process.stderr.write('stopping the console…\n');
        server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
