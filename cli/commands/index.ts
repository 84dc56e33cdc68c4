import type { CliCommand } from '../command.js';
import { certifyCommand } from './certify.js';
import { checkCommand } from './check.js';
import { distillCommand } from './distill.js';
import { keysCommand } from './keys.js';
import { numCommand } from './num.js';
import { planCommand } from './plan.js';
import { rotateCommand } from './rotate.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { signVersionCommand } from './sign-version.js';
import { trainCommand } from './train.js';
import { verifyCommand } from './verify.js';

/** Every `phg` sub-command, in the order `phg help` lists them. Add one import and one entry per command. */
export const commands: readonly CliCommand[] = [checkCommand, planCommand, trainCommand, distillCommand, runCommand, keysCommand, certifyCommand, signVersionCommand, verifyCommand, serveCommand, rotateCommand, numCommand];
