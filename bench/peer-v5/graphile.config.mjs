// PostGraphile v5 as the benchmark runs it: the Amber preset with the V4 preset, so that it generates the
// same field names as PostGraphile 4.9 and answers bench/peer/workloads unchanged; dynamic JSON, no
// GraphiQL, the public schema of $DATABASE_URL, on $PORT.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makeV4Preset } from "postgraphile/presets/v4";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset, makeV4Preset({ dynamicJson: true, graphiql: false })],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] })],
  grafserv: { port: Number(process.env.PORT) },
};
