// The command line the Prisma CLI gives the schema engine binary:
//   schema-engine [--datamodels <file>]... [--datasource <json>] [--enabled-preview-features <list>]
//                 [--extension-types <json>] [cli can-connect-to-database|create-database]
//   schema-engine --version

export interface EngineDatasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

export interface EngineArgs {
  datamodels: string[];
  datasource: EngineDatasource;
  previewFeatures: string[];
  /** The one-shot subcommand after `cli`; undefined in JSON-RPC mode. */
  cliCommand?: string;
  version: boolean;
  help: boolean;
}

function parseDatasource(json: string): EngineDatasource {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null) throw new Error('--datasource must be a JSON object.');
  const { url, shadowDatabaseUrl } = value as Record<string, unknown>;
  return {
    ...(typeof url === 'string' && url ? { url } : {}),
    ...(typeof shadowDatabaseUrl === 'string' && shadowDatabaseUrl ? { shadowDatabaseUrl } : {}),
  };
}

export function parseEngineArgs(argv: readonly string[]): EngineArgs {
  const args: EngineArgs = { datamodels: [], datasource: {}, previewFeatures: [], version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--datamodels':
        args.datamodels.push(value());
        break;
      case '--datasource':
        args.datasource = parseDatasource(value());
        break;
      case '--enabled-preview-features':
        args.previewFeatures.push(...value().split(',').filter(Boolean));
        break;
      case '--extension-types':
        value();
        break;
      case '--version':
      case '-V':
        args.version = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case 'cli': {
        const command = argv[++i];
        if (!command) throw new Error('cli needs a subcommand.');
        args.cliCommand = command;
        break;
      }
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return args;
}
