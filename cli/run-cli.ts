import { ExitCode, type CliCommand } from './command.js';
import { commands } from './commands/index.js';
import type { CliIO } from './io.js';

declare const PHG_VERSION: string | undefined;

/** The version of phg, injected by the build (falls back to the development marker in tests). */
export const toolVersion: string = typeof PHG_VERSION === 'string' ? PHG_VERSION : '0.0.0-dev';

/** Runs `phg ARGS...` and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIO): Promise<number> {
    const [name, ...rest] = args;
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
        const topic = name === 'help' ? rest[0] : undefined;
        return printHelp(io, topic);
    }
    if (name === '--version' || name === 'version') {
        io.stdout(`phg ${toolVersion}\n`);
        return ExitCode.ok;
    }
    const command = findCommand(name);
    if (!command) {
        io.stderr(`phg: unknown command '${name}'. Run 'phg help' for the list.\n`);
        return ExitCode.usage;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
        return ExitCode.ok;
    }
    return command.run(rest, io);
}

function findCommand(name: string): CliCommand | undefined {
    return commands.find((command) => command.name === name);
}

function printHelp(io: CliIO, topic: string | undefined): number {
    if (topic !== undefined) {
        const command = findCommand(topic);
        if (!command) {
            io.stderr(`phg: no help for unknown command '${topic}'.\n`);
            return ExitCode.usage;
        }
        io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
        return ExitCode.ok;
    }
    const width = Math.max(8, ...commands.map((command) => command.name.length));
    const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
    io.stdout(['usage: phg COMMAND [ARGS...]', '', 'commands:', ...lines, '', "Run 'phg help COMMAND' for a command's options.", ''].join('\n'));
    return ExitCode.ok;
}
