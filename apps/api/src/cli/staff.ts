// `npm run staff -- create --email <email> --role <viewer|support|admin> [--name <name>]`: adds a staff member to
// DATABASE_URL (or the embedded database). The password comes from STAFF_PASSWORD, or is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openDatabase, pgliteDir } from '@storepay/db';
import { isStaffRole } from '@storepay/payments-core';
import { composeServices } from '../composition';
import { loadConfig } from '../config';
import { passwordProblem } from '../security/passwords';
import { silentLogger } from '../use-cases/ports';

const usage =
  'Usage: npm run staff -- create --email <email> --role <viewer|support|admin> [--name <name>]\n' +
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
  if (positionals[0] !== 'create' || positionals.length !== 1) return { code: 1, out: usage };
  const email = values.email?.trim();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    return { code: 1, out: `--email: must be an email address\n${usage}` };
  const role = values.role;
  if (!isStaffRole(role)) return { code: 1, out: `--role: must be viewer, support or admin\n${usage}` };
  const generated = !env.STAFF_PASSWORD;
  const password = env.STAFF_PASSWORD || randomBytes(18).toString('base64url');
  const problem = passwordProblem(password);
  if (problem) return { code: 1, out: `STAFF_PASSWORD: ${problem}` };

  const config = loadConfig(env);
  const url = config.database.url;
  const db = await openDatabase({ url, dataDir: url ? undefined : pgliteDir(config.database.dataDir) });
  try {
    const { useCases } = composeServices({ config, database: db, log: silentLogger });
    const name = values.name?.trim() || email.split('@')[0]!;
    const created = await useCases.addStaffMember({ email, name, role, password }, 'cli');
    if (!created) return { code: 1, out: `${email} is already a staff member` };
    return {
      code: 0,
      out: `created ${created.role} ${created.email}` + (generated ? `\npassword (shown once): ${password}` : ''),
    };
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
