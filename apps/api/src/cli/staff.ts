// `npm run staff -- create --email <email> --role <viewer|support|admin> [--name <name>]`: adds a staff member to
// DATABASE_URL (or the embedded database). `npm run staff -- reset-password --email <email>`: the operator's way back
// into an account (the member must choose a new password at their next sign-in; their sessions end). The password
// comes from STAFF_PASSWORD, or is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openDatabase, pgliteDir } from '@storepay/db';
import { isStaffRole, type StaffRole } from '@storepay/payments-core';
import { composeServices } from '../composition';
import { loadConfig } from '../config';
import { DEMO_ADMIN } from '../config';
import { passwordProblem } from '../use-cases/manage-staff';
import { silentLogger } from '../use-cases/ports';

const usage =
  'Usage: npm run staff -- create --email <email> --role <viewer|support|admin> [--name <name>]\n' +
  '       npm run staff -- reset-password --email <email>\n' +
  '       (password: STAFF_PASSWORD, or a generated one printed once)';

export interface StaffCommandResult {
  code: number;
  out: string;
}

export async function runStaffCommand(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<StaffCommandResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    });
  } catch (error) {
    return { code: 1, out: `${(error as Error).message}\n${usage}` };
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if ((command !== 'create' && command !== 'reset-password') || positionals.length !== 1) {
    return { code: 1, out: usage };
  }
  const email = values.email?.trim();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    return { code: 1, out: `--email: must be an email address\n${usage}` };
  const role = values.role;
  if (command === 'create' && !isStaffRole(role)) {
    return { code: 1, out: `--role: must be viewer, support or admin\n${usage}` };
  }
  const generated = !env.STAFF_PASSWORD;
  const password = env.STAFF_PASSWORD || randomBytes(18).toString('base64url');
  const problem = passwordProblem(password, DEMO_ADMIN.password);
  if (problem) return { code: 1, out: `STAFF_PASSWORD: ${problem}` };
  const shown = generated ? `\npassword (shown once): ${password}` : '';

  const config = loadConfig(env);
  const url = config.database.url;
  const db = await openDatabase({ url, dataDir: url ? undefined : pgliteDir(config.database.dataDir) });
  try {
    const { useCases } = composeServices({ config, database: db, log: silentLogger });
    if (command === 'reset-password') {
      const reset = await useCases.resetPasswordByOperator({ email, password });
      if (!reset.ok) return { code: 1, out: `${email} is not a staff member` };
      return { code: 0, out: `reset the password of ${reset.value.email} (to be changed at next sign-in)${shown}` };
    }
    const name = values.name?.trim() || email.split('@')[0]!;
    const created = await useCases.addStaffMember({ email, name, role: role as StaffRole, password }, 'cli');
    if (!created) return { code: 1, out: `${email} is already a staff member` };
    return { code: 0, out: `created ${created.role} ${created.email}${shown}` };
  } finally {
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { code, out } = await runStaffCommand(process.argv.slice(2));
    (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(`staff: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
