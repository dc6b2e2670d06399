// The better-sqlite3 adapter as the Prisma CLI needs it for `migrate diff --from-migrations`
// (what `npm run db:new-migration` and the drift test use): the schema engine replays each
// migration file into the database as ONE executeRaw call, and better-sqlite3 refuses a statement
// string holding several statements (P3006 "External error id#0", ../shared/STACK.md). A call
// without parameters that fails is run again as a script, which is what a migration file is.
// Only the CLI uses this (prisma.config.ts); the app's client never runs multi-statement SQL.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;

function tolerateScripts(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

export function sqliteMigrateAdapter(url: string): Factory {
  const factory = new PrismaBetterSQLite3({ url });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => tolerateScripts(await connect());
  factory.connectToShadowDb = async () => tolerateScripts(await connectToShadowDb());
  return factory;
}
