// Usage: node check-breaking.mjs <contract.graphql> <served.graphql>
// Prints graphql-js findBreakingChanges(contract, served) as a JSON array on stdout.
import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';

const [contractPath, servedPath] = process.argv.slice(2);
if (!contractPath || !servedPath) {
  console.error('usage: node check-breaking.mjs <contract.graphql> <served.graphql>');
  process.exit(2);
}

const contract = buildSchema(readFileSync(contractPath, 'utf8'));
const served = buildSchema(readFileSync(servedPath, 'utf8'));
const changes = findBreakingChanges(contract, served).map(({ type, description }) => ({ type, description }));
process.stdout.write(JSON.stringify(changes, null, 2) + '\n');
